import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { apiLocale, requestLocale } from '../i18n/request-locale.js';
import { dataException, STORAGE_MESSAGES, storageProblem } from '../database/storage-errors.js';
import { isApiPath } from './api-path.js';
import { DomainError, type FieldMessage } from './errors.js';
import { lookupTable } from './own-key.js';
import { ValidationFailedError } from './validation.js';
import { problemMessage } from './validation-messages.js';

const REASONS: Record<number, string> = lookupTable<Record<number, string>>({
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
});

interface Normalised {
  status: number;
  message: string;
  details: FieldMessage[];
  messageKey?: string;
}

/** Errors from Express middleware (body parser, CSRF, multer) carry a status and a type/code. */
function fromMiddlewareError(err: unknown): Normalised | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { status?: number; statusCode?: number; type?: string; code?: string; message?: string };
  if (e.code === 'EBADCSRFTOKEN' || (e.status === 403 && /csrf/i.test(e.message ?? ''))) {
    return { status: 403, message: 'Invalid or missing CSRF token', details: [], messageKey: 'error.csrf' };
  }
  if (e.type === 'entity.parse.failed') return { status: 400, message: 'Malformed request body: not valid JSON', details: [] };
  if (e.type === 'entity.too.large' || e.code === 'LIMIT_FILE_SIZE') return { status: 413, message: 'Request body or file too large', details: [] };
  if (typeof e.code === 'string' && e.code.startsWith('LIMIT_')) return { status: 400, message: `Upload rejected: ${e.message}`, details: [] };
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, message: e.message ?? REASONS[status] ?? 'Bad Request', details: [] };
  return null;
}

function normalise(exception: unknown): Normalised {
  if (exception instanceof DomainError) {
    return { status: exception.status, message: exception.message, details: exception.details, messageKey: exception.messageKey };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const raw = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
    return { status, message: status >= 500 ? REASONS[500] : message, details: [] };
  }
  // Disk full, read-only or locked database: 503 with a clear message, not a 500 (the process keeps serving).
  const bad = dataException(exception);
  if (bad) return { status: 400, message: bad, details: [] };
  const storage = storageProblem(exception);
  if (storage) return { status: 503, message: STORAGE_MESSAGES[storage], details: [], messageKey: `error.storage.${storage}` };
  return fromMiddlewareError(exception) ?? { status: 500, message: 'Internal server error', details: [] };
}

/**
 * The JSON `message` in the caller's language when the domain error names a catalogue sentence
 * (409 vetoes, 403/404 with a key); otherwise the error's own text as before.
 */
function apiMessage(exception: unknown, n: Normalised, locale: Locale): string {
  if (!(exception instanceof DomainError) || !n.messageKey || exception instanceof ValidationFailedError) return n.message;
  // Without the English `message` as a parameter: a sentence that needs it stays the error's own text.
  const params = (exception as DomainError & { params?: Record<string, unknown> }).params ?? {};
  const text = translate(locale, n.messageKey, params);
  return text === n.messageKey || /\{\w+\}/.test(text) ? n.message : text;
}

export function isApiRequest(req: Request): boolean {
  return isApiPath(req.path) || req.path === '/health' || !!req.headers.authorization;
}

/**
 * The one global filter: domain errors, Nest HTTP exceptions and middleware errors become the
 * api.md JSON shape or an HTML error page in the user's language. 5xx bodies never carry a stack.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const n = normalise(exception);
    const requestId = (req as Request & { id?: string }).id ?? null;
    if (n.status === 503) res.setHeader('Retry-After', '30');
    if (n.status >= 500) {
      this.logger.error({ requestId, path: req.path, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : String(exception) });
    }
    if (res.headersSent) return;

    const locale = isApiRequest(req) ? apiLocale(req) : requestLocale(req);
    if (exception instanceof ValidationFailedError) Object.assign(n, exception.localized(locale));
    else n.details = n.details.map((d) => ({ field: d.field, message: d.key ? problemMessage(locale, { field: d.field, key: d.key, params: d.params ?? {} }) : d.message }));
    if (isApiRequest(req)) {
      const body: Record<string, unknown> = { statusCode: n.status, error: REASONS[n.status] ?? 'Error', message: apiMessage(exception, n, locale) };
      if (n.details.length) body.details = n.details;
      if (n.status >= 500) body.requestId = requestId;
      res.status(n.status).json(body);
      return;
    }
    if (n.status === 401) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${next}`);
      return;
    }
    const key = n.messageKey ?? `error.${n.status}`;
    let text = translate(locale, key, { message: n.message });
    if (text === key) text = translate(locale, n.status >= 500 ? 'error.500' : 'error.400');
    res.status(n.status).render('errors/error', {
      title: translate(locale, 'error.title'),
      status: n.status,
      text,
      details: n.details,
      requestId,
    });
  }
}
