import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import hbs from 'hbs';
import type { DataSource } from 'typeorm';
import type { AuthedRequest } from './auth/auth.guard.js';
import { TypeormSessionStore } from './auth/session-store.js';
import { needsNoSession } from './auth/sessionless.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { csrf } from './common/csrf.js';
import type { FlashMessage } from './common/flash.js';
import { GlobalExceptionFilter } from './common/http-exception.filter.js';
import { requestContextMiddleware } from './common/request-context.js';
import { createValidationPipe } from './common/validation.js';
import { DeprecationInterceptor } from './common/deprecation.js';
import { API_VERSION, ErrorDetailDto, ErrorResponseDto, finishOpenApiDocument, PageMetaDto } from './common/openapi.js';
import { viewHelpers } from './common/view-helpers.js';
import { verifyShapedSql } from './database/shaped-sql.js';
import { requestLocale } from './i18n/request-locale.js';

export const ROOT_DIR = resolve(import.meta.dirname, '..');
export const SESSION_COOKIE = 'ect.sid';

function registerPartials(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) registerPartials(path);
    else if (name.endsWith('.hbs')) hbs.registerPartial(relative(join(ROOT_DIR, 'views', 'partials'), path).replace(/\\/g, '/').replace(/\.hbs$/, ''), readFileSync(path, 'utf8'));
  }
}

/**
 * Everything that makes the app behave as in production, shared by main.ts and every HTTP test:
 * security headers, request ids, sessions in the database, CSRF tokens, locale, flash messages,
 * the view engine, static assets, the validation pipe, the global exception filter and OpenAPI.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const dataSource = app.get<DataSource>(getDataSourceToken());

  // The client address (sign-in throttle, login history) and scheme come from X-Forwarded-* only
  // when a proxy is configured (TRUST_PROXY); otherwise from the socket, whatever the headers say.
  app.set('trust proxy', config.trustProxy);
  verifyShapedSql(config.nodeEnv !== 'production');
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.use(accessLog());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.useStaticAssets(join(ROOT_DIR, 'public'), { prefix: '/static/', maxAge: config.nodeEnv === 'production' ? '1d' : 0 });
  // Browsers ask for /favicon.ico whatever the page links; answer it from public/ (no sign-in needed).
  app.use('/favicon.ico', (_req: Request, res: Response) => res.sendFile(join(ROOT_DIR, 'public', 'favicon.ico'), { maxAge: '7d', headers: { 'Content-Type': 'image/x-icon' } }));
  app.useStaticAssets(join(ROOT_DIR, 'node_modules', '@tabler', 'core', 'dist'), { prefix: '/vendor/tabler/', maxAge: '7d' });

  // Every dynamic answer is one person's view of case files: no shared or back-button cache keeps it
  // (a route that may be cached says so itself), and without a cache an ETag is a SHA-1 of every body
  // for nothing (~2 % of a list page's CPU, docs/performance.md). Static assets keep theirs.
  app.set('etag', false);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'private, no-store');
    next();
  });

  const sessions = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store: new TypeormSessionStore(dataSource, config.sessionIdleMinutes * 60_000),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: config.sessionIdleMinutes * 60_000 },
  });
  // /health and bearer API requests cannot use a session: no store read, no id, no cookie (sessionless.ts).
  app.use((req: Request, res: Response, next: NextFunction) => (needsNoSession(req.path, req.headers.authorization) ? next() : sessions(req, res, next)));
  // Absolute session lifetime: however active, a session ends after sessionAbsoluteHours.
  app.use((req: AuthedRequest, _res: Response, next: NextFunction) => {
    const started = req.session?.startedAt;
    if (started && Date.now() - started > config.sessionAbsoluteHours * 3600_000) {
      return req.session.destroy(() => next());
    }
    next();
  });
  app.use(pageLocals);

  app.setBaseViewsDir(join(ROOT_DIR, 'views'));
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  for (const [name, fn] of Object.entries(viewHelpers)) hbs.registerHelper(name, fn);
  registerPartials(join(ROOT_DIR, 'views', 'partials'));

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter());
  app.useGlobalInterceptors(new DeprecationInterceptor(app.get(Reflector)));

  const openApi = new DocumentBuilder()
    .setTitle('Enterprise cultivation tracker API')
    .setDescription('JSON API for integrations, BI tools and tests. Authenticate with POST /api/v1/auth/token, then send Authorization: Bearer <token>.')
    .setVersion(API_VERSION)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => finishOpenApiDocument(SwaggerModule.createDocument(app, openApi, { extraModels: [ErrorResponseDto, ErrorDetailDto, PageMetaDto] })), { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
}

/** One structured line per request (request id, actor, status, duration); no query strings (they may hold personal data). */
function accessLog() {
  const logger = new Logger('HTTP');
  return (req: AuthedRequest, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.log({
        requestId: (req as Request & { id?: string }).id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        user: req.actor?.userId ?? null,
      });
    });
    next();
  };
}

/** Locale, CSRF token and flash messages for every rendered page. */
function pageLocals(req: AuthedRequest, res: Response, next: NextFunction): void {
  res.locals.locale = requestLocale(req);
  res.locals.requestId = (req as Request & { id?: string }).id;
  res.locals.currentPath = req.path;
  // Lazy: only a page that renders a form creates the session that holds the token.
  if (req.session && !req.path.startsWith('/api/')) {
    Object.defineProperty(res.locals, 'csrfToken', { enumerable: true, configurable: true, get: () => csrf.generateToken(req) });
  }
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object, callback?: (err: Error, html: string) => void) => {
    const flash = (req.session as unknown as { flash?: FlashMessage[] } | undefined)?.flash;
    if (flash && req.session) delete (req.session as unknown as { flash?: FlashMessage[] }).flash;
    return render(view, { flash: flash ?? [], ...(options ?? {}) }, callback);
  }) as Response['render'];
  next();
}
