import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { DomainError } from '../common/errors.js';
import { GlobalExceptionFilter } from '../common/http-exception.filter.js';
import { translate } from '../i18n/i18n.js';
import { requestLocale } from '../i18n/request-locale.js';

/**
 * For upload forms (HTML): an upload the user can fix — too large (413), wrong type (415),
 * a malformed or incomplete form (400), a conflict (409) — comes back to the page it was sent
 * from with a message in the page's language (Post/Redirect/Get), instead of an error page.
 * Everything else (401, 403, 404, 5xx) goes to the global filter as usual.
 */
@Catch()
export class UploadFormErrorFilter implements ExceptionFilter {
  private readonly fallback = new GlobalExceptionFilter();

  constructor(private readonly back: (req: Request) => string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof DomainError ? exception.status : exception instanceof HttpException ? exception.getStatus() : 0;
    if (![400, 409, 413, 415].includes(status) || res.headersSent || !req.session || !req.actor) {
      return this.fallback.catch(exception, host);
    }
    const locale = req.actor.locale ?? requestLocale(req);
    const domain = exception instanceof DomainError ? exception : null;
    const fields = domain ? [...new Set(domain.details.map((d) => d.field.split(/[.[]/)[0]!))] : [];
    let text: string;
    if (domain?.messageKey) text = translate(locale, domain.messageKey, { fields: fields.join(', ') });
    else if (status === 413) text = translate(locale, 'error.413');
    else if (status === 415) text = translate(locale, 'document.unsupported');
    else if (status === 409) text = translate(locale, 'upload.conflict');
    else if (fields.length) text = translate(locale, 'upload.invalid', { fields: fields.map((f) => translate(locale, `upload.field.${f}`)).join(', ') });
    else text = translate(locale, 'upload.failed');
    flash(req, 'danger', text);
    res.redirect(303, this.back(req));
  }
}
