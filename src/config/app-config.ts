import type { TxGuardMode } from '../database/second-connection-guard.js';
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import { resolve } from 'node:path';

/** Demo password used when DEMO_PASSWORD is not set; production refuses to run with it. */
export const DEFAULT_DEMO_PASSWORD = 'Demo@2026';

export type NodeEnv = 'development' | 'production' | 'test';

export interface DatabaseConfig {
  type: 'sqlite' | 'postgres';
  /** Absolute file path (SQLite) or connection URL (PostgreSQL). */
  location: string;
  /** PostgreSQL: the most connections one process opens (DB_POOL_MAX; SQLite has one connection). */
  poolMax?: number;
  /** PostgreSQL: how long a statement waits for a free pooled connection before a 503 (DB_POOL_WAIT_MS). */
  poolWaitMs?: number;
}

/** Everything the application reads from its environment, typed and validated once at boot. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  database: DatabaseConfig;
  sessionSecret: string;
  /** Session idle timeout in minutes (the cookie is rolling). */
  sessionIdleMinutes: number;
  /** Absolute session lifetime in hours, whatever the activity. */
  sessionAbsoluteHours: number;
  apiTokenTtlHours: number;
  demoSeed: boolean;
  demoPassword: string;
  uploadDir: string;
  uploadMaxBytes: number;
  /** SMTP server for e-mail notifications (smtp:// or smtps:// URL); null = e-mail off (the default). */
  smtpUrl: string | null;
  /** Sender address of notification e-mails; required when smtpUrl is set. */
  mailFrom: string | null;
  /** Behind TLS the session cookie must be Secure; off for plain-HTTP local runs. */
  secureCookies: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** A statement inside a transaction that takes a second connection: fail (tests), log (development) or not checked (production); second-connection-guard.ts. */
  txGuard: TxGuardMode;
  /** TX_GUARD=log: append each case to this file instead of standard error (a survey over a test run). */
  txGuardSurvey: string | null;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Public pre-screener: evaluations per address per minute (rate limit, 429 above). */
  preScreenPerMinute: number;
  /** Admins and managers must sign in with TOTP (enrolment forced at first sign-in). Always on in production. */
  totpRequired: boolean;
  /** The issuer shown in authenticator apps. */
  totpIssuer: string;
  /** Key material for encrypting TOTP secrets at rest; derived from sessionSecret when not set. */
  totpSecretKey: string;
  /** Run background jobs (batch evaluation, impact previews, the expiry radar) in this process. */
  jobsEnabled: boolean;
  /**
   * Worker processes serving requests (WEB_CONCURRENCY, default: one per core). 1 runs today's single
   * process without a supervisor; more starts a supervisor that forks them (src/cluster/).
   */
  webConcurrency: number;
  /**
   * Express's `trust proxy`: which peers may tell the client address (X-Forwarded-For) and scheme.
   * false (the default) = nobody, the socket address counts; a hop count; or addresses/subnets.
   */
  trustProxy: TrustProxy;
  /** Where users reach the application (links in e-mails and invitations); never taken from the request. */
  publicBaseUrl: string;
  /** Days an offer (免申即享) stands before it expires, at most to the end of its year (OFFER_EXPIRY_DAYS, default 60). */
  offerExpiryDays: number;
  /** V8 old-space limit of each cluster worker in MB (WORKER_HEAP_MB; 0 = V8's default). */
  workerHeapMb: number;
  /** NODE_OPTIONS as given: an explicit --max-old-space-size there wins over WORKER_HEAP_MB. */
  nodeOptions: string;
  /** MALLOC_ARENA_MAX as given ('' when unset): the operator's value wins over the workers' default. */
  mallocArenaMax: string;
}

export type TrustProxy = false | number | string[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

function parseBool(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function parseInt10(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
    return fallback;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parseDatabaseUrl(raw: string, cwd: string, problems: string[]): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) problems.push('DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/app.sqlite');
    return { type: 'sqlite', location: file === ':memory:' ? file : resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      problems.push('DATABASE_URL is not a valid postgres:// URL');
    }
    return { type: 'postgres', location: raw };
  }
  problems.push(`DATABASE_URL must start with sqlite: or postgres://, got "${raw}"`);
  return { type: 'sqlite', location: resolve(cwd, 'data/app.sqlite') };
}

/** TX_GUARD: throw | log | off; by default throw in tests, log in development, off in production. */
function parseTxGuard(raw: string | undefined, nodeEnv: NodeEnv, problems: string[]): TxGuardMode {
  const fallback: TxGuardMode = nodeEnv === 'test' ? 'throw' : nodeEnv === 'development' ? 'log' : 'off';
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (v === 'throw' || v === 'log' || v === 'off') return v;
  problems.push(`TX_GUARD must be throw, log or off, got "${raw}"`);
  return fallback;
}

/** SMTP_URL and MAIL_FROM: e-mail stays off unless SMTP_URL is set; then MAIL_FROM is required. */
function parseMail(smtpRaw: string | undefined, fromRaw: string | undefined, problems: string[]): { smtpUrl: string | null; mailFrom: string | null } {
  const smtpUrl = smtpRaw?.trim() || null;
  const mailFrom = fromRaw?.trim() || null;
  if (smtpUrl) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && !!u.hostname;
    } catch {
      ok = false;
    }
    if (!ok) problems.push('SMTP_URL must be an smtp:// or smtps:// URL with a host, e.g. smtps://user:pass@mail.example.cn:465');
    if (!mailFrom) problems.push('MAIL_FROM is required when SMTP_URL is set, e.g. "科技局梯度培育 <noreply@example.cn>"');
  }
  if (mailFrom && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(mailFrom)) {
    problems.push(`MAIL_FROM must be an e-mail address, optionally with a name ("Name <a@b.cn>"), got "${mailFrom}"`);
  }
  return { smtpUrl, mailFrom };
}

/** Express's named subnets for `trust proxy`. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: off (default), a hop count 1–10, or a comma-separated list of addresses, CIDR
 * subnets and Express's names (loopback, linklocal, uniquelocal). `true` (trust every peer) is
 * refused: any client could then choose its own address and escape the sign-in throttle.
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const v = raw?.trim() ?? '';
  if (!v || FALSE.includes(v.toLowerCase())) return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1 || hops > 10) problems.push(`TRUST_PROXY as a hop count must be between 1 and 10, got ${hops}`);
    return hops;
  }
  if (TRUE.includes(v.toLowerCase())) {
    problems.push('TRUST_PROXY=true would trust X-Forwarded-For from any client; give the proxy\'s address, a subnet, "loopback" or a hop count');
    return false;
  }
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) {
    const [addr, prefix, extra] = e.split('/');
    const family = isIP(addr ?? '');
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (PROXY_NAMES.includes(e.toLowerCase())) continue;
    if (!family || !prefixOk || extra !== undefined) problems.push(`TRUST_PROXY entries must be IP addresses, CIDR subnets or one of ${PROXY_NAMES.join(', ')}, got "${e}"`);
  }
  return entries.map((e) => (PROXY_NAMES.includes(e.toLowerCase()) ? e.toLowerCase() : e));
}

/**
 * PUBLIC_BASE_URL: an absolute http(s) URL without credentials, query or fragment (a path prefix is
 * allowed), returned without its trailing slash. Required in production; elsewhere it defaults to
 * http://localhost:PORT.
 */
function parsePublicBaseUrl(raw: string | undefined, production: boolean, port: number, problems: string[]): string {
  const v = raw?.trim() ?? '';
  if (!v) {
    if (production) problems.push('PUBLIC_BASE_URL is required when NODE_ENV=production (links in e-mails and invitations), e.g. https://ect.example.cn');
    return `http://localhost:${port}`;
  }
  let u: URL | null = null;
  try {
    u = new URL(v);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.username || u.password || u.search || u.hash || v.includes('?') || v.includes('#')) {
    problems.push(`PUBLIC_BASE_URL must be an absolute http:// or https:// URL without credentials, query or fragment, e.g. https://ect.example.cn, got "${v}"`);
    return `http://localhost:${port}`;
  }
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}

/**
 * WEB_CONCURRENCY: how many worker processes serve requests. Default one per core (at most 16), but
 * 1 for an in-memory SQLite database, which each process would have to itself.
 */
function parseWebConcurrency(raw: string | undefined, db: DatabaseConfig, cores: number, problems: string[]): number {
  const inMemory = db.type === 'sqlite' && db.location === ':memory:';
  const fallback = inMemory ? 1 : Math.max(1, Math.min(16, cores));
  const n = parseInt10('WEB_CONCURRENCY', raw, fallback, 1, 64, problems);
  if (inMemory && n > 1) problems.push('WEB_CONCURRENCY must be 1 with DATABASE_URL=sqlite::memory: (each process would have its own empty database)');
  return n;
}

/**
 * Turns an environment into an AppConfig or throws a ConfigError listing every problem at once,
 * so a wrong value stops the start with a readable message.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd(), cores = availableParallelism()): AppConfig {
  const problems: string[] = [];
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = (['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as NodeEnv;
  const production = nodeEnv === 'production';

  const demoPassword = env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const demoSeed = parseBool('DEMO_SEED', env.DEMO_SEED, !production, problems);
  const sessionSecret = env.SESSION_SECRET ?? '';
  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as AppConfig['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, silent, got "${logLevel}"`);
  }

  const totpRequired = parseBool('TOTP_REQUIRED', env.TOTP_REQUIRED, production, problems);
  const totpSecretKey = env.TOTP_SECRET_KEY ?? '';
  if (totpSecretKey && totpSecretKey.length < 32) problems.push('TOTP_SECRET_KEY must be at least 32 characters');

  if (production) {
    // Level-3 identity authentication: privileged accounts always use two factors in production.
    if (!totpRequired) problems.push('TOTP_REQUIRED cannot be turned off when NODE_ENV=production (admins and managers must use two-factor sign-in)');
    if (!sessionSecret) problems.push('SESSION_SECRET is required when NODE_ENV=production');
    else if (sessionSecret.length < 32) problems.push('SESSION_SECRET must be at least 32 characters in production');
    if (demoSeed) problems.push('DEMO_SEED must be off when NODE_ENV=production (demo accounts are not for production)');
    if (env.DEMO_PASSWORD !== undefined && env.DEMO_PASSWORD !== '') {
      problems.push('DEMO_PASSWORD must not be set when NODE_ENV=production');
    }
  }

  const port = parseInt10('PORT', env.PORT, 3000, 0, 65535, problems);
  const secureCookies = parseBool('SECURE_COOKIES', env.SECURE_COOKIES, production, problems);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  if (production && secureCookies && trustProxy === false) {
    // The app speaks plain HTTP; behind the TLS proxy it only knows the request was HTTPS (and so
    // only sets the Secure session cookie) when it trusts that proxy's X-Forwarded-Proto.
    problems.push('SECURE_COOKIES is on but TRUST_PROXY is off: behind the TLS proxy no session cookie would be set; set TRUST_PROXY to the proxy (e.g. loopback or its address)');
  }

  const config: AppConfig = {
    nodeEnv,
    port,
    host: env.HOST || '127.0.0.1',
    database: { ...parseDatabaseUrl(env.DATABASE_URL || 'sqlite:data/app.sqlite', cwd, problems), poolMax: parseInt10('DB_POOL_MAX', env.DB_POOL_MAX, 10, 1, 100, problems), poolWaitMs: parseInt10('DB_POOL_WAIT_MS', env.DB_POOL_WAIT_MS, 15_000, 100, 600_000, problems) },
    // Outside production a per-process random secret would break sessions across restarts and
    // processes, so a fixed development secret is used; production insists on a real one above.
    sessionSecret: sessionSecret || 'development-only-session-secret-not-for-production',
    sessionIdleMinutes: parseInt10('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30, 1, 24 * 60, problems),
    sessionAbsoluteHours: parseInt10('SESSION_ABSOLUTE_HOURS', env.SESSION_ABSOLUTE_HOURS, 12, 1, 24 * 7, problems),
    apiTokenTtlHours: parseInt10('API_TOKEN_TTL_HOURS', env.API_TOKEN_TTL_HOURS, 12, 1, 24 * 90, problems),
    demoSeed,
    demoPassword,
    uploadDir: resolve(cwd, env.UPLOAD_DIR || 'data/uploads'),
    uploadMaxBytes: parseInt10('UPLOAD_MAX_MB', env.UPLOAD_MAX_MB, 10, 1, 200, problems) * 1024 * 1024,
    ...parseMail(env.SMTP_URL, env.MAIL_FROM, problems),
    secureCookies,
    logLevel,
    txGuard: parseTxGuard(env.TX_GUARD, nodeEnv, problems),
    txGuardSurvey: env.TX_GUARD_SURVEY?.trim() ? resolve(cwd, env.TX_GUARD_SURVEY.trim()) : null,
    lockoutThreshold: parseInt10('LOCKOUT_THRESHOLD', env.LOCKOUT_THRESHOLD, 5, 1, 100, problems),
    lockoutMinutes: parseInt10('LOCKOUT_MINUTES', env.LOCKOUT_MINUTES, 15, 1, 24 * 60, problems),
    preScreenPerMinute: parseInt10('PRESCREEN_PER_MINUTE', env.PRESCREEN_PER_MINUTE, 20, 1, 10_000, problems),
    totpRequired,
    totpIssuer: (env.TOTP_ISSUER || '天津科技企业梯度培育').slice(0, 64),
    totpSecretKey: totpSecretKey || sessionSecret || 'development-only-session-secret-not-for-production',
    jobsEnabled: parseBool('JOBS_ENABLED', env.JOBS_ENABLED, nodeEnv !== 'test', problems),
    webConcurrency: 1,
    trustProxy,
    publicBaseUrl: parsePublicBaseUrl(env.PUBLIC_BASE_URL, production, port, problems),
    offerExpiryDays: parseInt10('OFFER_EXPIRY_DAYS', env.OFFER_EXPIRY_DAYS, 60, 1, 366, problems),
    // 1024 MB, measured at 120,000 enterprises (docs/performance.md, "Memory"): the pages and APIs stay
    // under 400 MB RSS per worker anyway; the nightly batch with offer matching needs more, and with 256
    // or 512 its worker spent so long collecting garbage that it lost the job's lease.
    workerHeapMb: parseInt10('WORKER_HEAP_MB', env.WORKER_HEAP_MB, 1024, 0, 65_536, problems),
    nodeOptions: env.NODE_OPTIONS ?? '',
    mallocArenaMax: env.MALLOC_ARENA_MAX ?? '',
  };
  config.webConcurrency = parseWebConcurrency(env.WEB_CONCURRENCY, config.database, cores, problems);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The one place the process environment is read. */
export function configFromProcess(): AppConfig {
  return loadConfig(process.env);
}
