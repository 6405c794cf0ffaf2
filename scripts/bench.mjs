#!/usr/bin/env node
/**
 * npm run bench [-- --database sqlite:data/bench.sqlite --duration 10 --connections 20 --only list,file]
 *
 * Starts the built server (dist/main.js) as a separate process in production mode on a copy of the
 * generated database (npm run seed:bulk), signs in over HTTP, and drives it from this process with
 * autocannon over loopback (127.0.0.1 only, bounded durations): the login page, the enterprise list
 * with a filter and a sort, the enterprise file, the eligibility panel, the evaluate API, the
 * dashboard, the transformation-KPI section, the key-projects page and the CSV export when those modules exist, a create and an update (write path), a
 * mixed read+write run, and GET /health as the framework baseline. Samples the server's RSS from
 * /proc/<pid>/status (VmHWM = peak). Writes docs/benchmarks.md and prints it.
 *
 * Benchmarks are not tests: nothing here asserts; the table states each target and whether it is met.
 */
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite:data/bench.sqlite' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    port: { type: 'string', default: '3999' },
    password: { type: 'string', default: 'Bench@2026' },
    root: { type: 'string', default: '.' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    only: { type: 'string', default: '' },
    settle: { type: 'string', default: '12' },
    'in-place': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    // Worker counts to run the scenarios with, in order: '1,all' (default) measures one process, then one per core.
    workers: { type: 'string', default: '1,all' },
  },
  strict: true,
});

const ROOT = resolve(args.root);
const DURATION = Math.min(Math.max(Number(args.duration) || 10, 1), 60);
const CONNECTIONS = Math.min(Math.max(Number(args.connections) || 20, 1), 200);
const PORT = Number(args.port);
const HOST = '127.0.0.1';
const BASE = `http://${HOST}:${PORT}`;
const only = new Set(args.only.split(',').filter(Boolean));
const CORES = os.availableParallelism?.() ?? os.cpus().length;
const WORKER_COUNTS = [...new Set(args.workers.split(',').filter(Boolean).map((w) => (w === 'all' ? CORES : Math.max(1, Math.min(16, Number(w) || 1)))))];
const say = (line) => process.stdout.write(`${line}\n`);

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(ROOT, 'dist/main.js'))) fail(`no ${join(ROOT, 'dist/main.js')}: run npm run build first (npm run bench builds)`);

// ---------------------------------------------------------------------------------------------
// The database: a copy of the generated SQLite file, so runs do not drift (writes add rows).
let databaseUrl = args.database;
let scratch = null;
let sqliteFile = null;
if (databaseUrl.startsWith('sqlite:')) {
  const source = resolve(databaseUrl.slice('sqlite:'.length));
  if (!existsSync(source)) fail(`${source} does not exist: run npm run seed:bulk -- --enterprises 120000 first`);
  sqliteFile = source;
  if (!args['in-place']) {
    scratch = source.replace(/\.sqlite$/, '') + '-run.sqlite';
    for (const s of ['', '-wal', '-shm']) rmSync(scratch + s, { force: true });
    const src = new Database(source);
    src.pragma('wal_checkpoint(TRUNCATE)');
    src.close();
    copyFileSync(source, scratch);
    sqliteFile = scratch;
    databaseUrl = `sqlite:${scratch}`;
  }
}

// Admins and managers sign in with TOTP (always on in production): give them a known secret in the
// scratch copy, encrypted the way the server expects (key from TOTP_SECRET_KEY), and answer the
// second step with the current code. Officers sign in with the password alone.
const TOTP_KEY = randomBytes(32).toString('hex');
const totp = await import(pathToFileURL(join(ROOT, 'dist/auth/totp.js')).href).catch(() => null);
const totpSecrets = new Map();
if (totp && sqliteFile) {
  const db = new Database(sqliteFile);
  const columns = db.prepare("SELECT name FROM pragma_table_info('app_user')").all().map((c) => c.name);
  if (columns.includes('totp_secret')) {
    for (const username of ['admin', 'manager']) {
      const secret = totp.newTotpSecret();
      db.prepare('UPDATE app_user SET totp_secret = ?, totp_enabled_at = ?, totp_last_step = NULL WHERE username = ?').run(totp.encryptSecret(secret, TOTP_KEY), new Date().toISOString().replace('T', ' ').replace('Z', ''), username);
      totpSecrets.set(username, secret);
    }
  }
  db.close();
}

/** A TOTP code is accepted once per time step: a second sign-in in the same step (the next server) needs this. */
function resetTotpSteps() {
  if (!sqliteFile || !totpSecrets.size) return;
  const db = new Database(sqliteFile);
  db.prepare('UPDATE app_user SET totp_last_step = NULL WHERE username IN (?, ?)').run('admin', 'manager');
  db.close();
}

function dataSize() {
  if (!sqliteFile) return { note: 'PostgreSQL (see DATABASE_URL)', counts: {} };
  const db = new Database(sqliteFile, { readonly: true });
  const counts = {};
  for (const t of ['enterprise', 'annual_financials', 'ip_asset', 'qualification', 'recognition', 'activity', 'task', 'app_user', 'application']) {
    try {
      counts[t] = db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get().n;
    } catch {
      /* table not there (module not built yet) */
    }
  }
  db.close();
  return { note: `SQLite file ${(statSync(sqliteFile).size / 1e6).toFixed(0)} MB`, counts };
}

// ---------------------------------------------------------------------------------------------
// The server, as a separate process in production mode.
const env = { ...process.env };
for (const k of ['DEMO_PASSWORD', 'DEMO_SEED', 'NODE_ENV', 'DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL', 'SESSION_SECRET', 'SECURE_COOKIES', 'JOBS_ENABLED', 'TRUST_PROXY', 'PUBLIC_BASE_URL']) delete env[k];
Object.assign(env, {
  NODE_ENV: 'production',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  DEMO_SEED: 'false',
  DATABASE_URL: databaseUrl,
  PORT: String(PORT),
  HOST,
  LOG_LEVEL: 'warn',
  // Plain HTTP on loopback: the cookie must not be Secure or the client never sends it back.
  SECURE_COOKIES: 'false',
  TOTP_SECRET_KEY: TOTP_KEY,
  // Required in production (links in e-mails); nothing is mailed here.
  PUBLIC_BASE_URL: `http://${HOST}:${PORT}`,
});
// BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under the same load.
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
let server = null;
let serverLog = '';
let serverExited = false;
let workersNow = 1;

/** The server with `workers` processes (1: one process; more: the cluster supervisor and its workers). */
function startServer(workers) {
  workersNow = workers;
  serverLog = '';
  serverExited = false;
  server = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/main.js')], { cwd: ROOT, env: { ...env, WEB_CONCURRENCY: String(workers) }, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => (serverLog = (serverLog + d).slice(-20_000)));
  server.stderr.on('data', (d) => (serverLog = (serverLog + d).slice(-20_000)));
  // BENCH_SERVER_LOG=<file> keeps the server's whole output (e.g. with SLOW_QUERY_MS=5 for the slow-query log).
  if (process.env.BENCH_SERVER_LOG) {
    const log = createWriteStream(`${process.env.BENCH_SERVER_LOG}.${workers}`);
    server.stdout.pipe(log);
    server.stderr.pipe(log);
  }
  server.on('exit', () => (serverExited = true));
}

/** The server's process and its descendants (the cluster's workers), from /proc. */
function serverPids() {
  if (!server?.pid) return [];
  const parentOf = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const after = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      parentOf.set(Number(name), Number(after[1]));
    } catch {
      /* gone */
    }
  }
  const pids = [server.pid];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parentOf) if (ppid === pids[i]) pids.push(pid);
  return pids;
}
let treeCache = { at: 0, pids: [] };
function treePids() {
  if (Date.now() - treeCache.at > 2000) treeCache = { at: Date.now(), pids: serverPids() };
  return treeCache.pids;
}

/** User+system CPU time of the server's processes so far, in ms (from /proc/<pid>/stat, clock ticks of 10 ms). */
function serverCpuMs() {
  treeCache.at = 0;
  let total = 0;
  for (const pid of treePids()) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      /* exited */
    }
  }
  return total;
}

/** RSS and peak RSS (VmHWM) of the largest process of the server (a worker, or the one process). */
function memory() {
  let rss = 0;
  let hwm = 0;
  for (const pid of treePids()) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
      rss = Math.max(rss, kb('VmRSS') / 1024);
      hwm = Math.max(hwm, kb('VmHWM') / 1024);
    } catch {
      /* exited */
    }
  }
  return { rss, hwm };
}
let peakRss = 0;
let windowRss = 0;
const peakByWorkers = new Map();
const sampler = setInterval(() => {
  if (!server || serverExited) return;
  const m = memory();
  peakRss = Math.max(peakRss, m.rss);
  windowRss = Math.max(windowRss, m.rss);
  peakByWorkers.set(workersNow, Math.max(peakByWorkers.get(workersNow) ?? 0, m.hwm, m.rss));
}, 250);

async function stopServer({ last = true } = {}) {
  if (last) clearInterval(sampler);
  if (server && !serverExited) {
    const m = memory();
    peakByWorkers.set(workersNow, Math.max(peakByWorkers.get(workersNow) ?? 0, m.hwm));
    server.kill('SIGTERM');
    for (let i = 0; i < 150 && !serverExited; i++) await new Promise((r) => setTimeout(r, 100));
    if (!serverExited) server.kill('SIGKILL');
  }
  if (last && scratch) for (const s of ['', '-wal', '-shm']) rmSync(scratch + s, { force: true });
}
process.on('SIGINT', () => void stopServer().then(() => process.exit(130)));

async function waitForHealth() {
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    if (serverExited) fail(`the server exited:\n${serverLog}`);
    try {
      const res = await fetch(`${BASE}/health`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`the server did not answer /health within 120 s:\n${serverLog}`);
}

// ---------------------------------------------------------------------------------------------
// Signing in: a session cookie for pages, a bearer token for the API.
function cookieFrom(res) {
  const raw = res.headers.getSetCookie?.() ?? [];
  return raw.map((c) => c.split(';')[0]).find((c) => c.startsWith('ect.sid=')) ?? null;
}

async function sessionFor(username) {
  const page = await fetch(`${BASE}/login`);
  const cookie = cookieFrom(page);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!cookie || !csrf) throw new Error('no session cookie or CSRF token on /login');
  const res = await fetch(`${BASE}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username, password: args.password, next: '/' }).toString(),
  });
  if (res.status !== 303) throw new Error(`sign-in of ${username} answered ${res.status}`);
  const session = cookieFrom(res) ?? cookie;
  if (!/\/login\/totp/.test(res.headers.get('location') ?? '')) return session;
  const secret = totpSecrets.get(username);
  if (!secret) throw new Error(`${username} needs a TOTP code and has no known secret`);
  const step = await fetch(`${BASE}/login/totp`, { headers: { cookie: session } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await step.text())?.[1];
  const done = await fetch(`${BASE}/login/totp`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token ?? '', code: totp.totpCode(secret) }).toString(),
  });
  if (done.status !== 303) throw new Error(`TOTP step of ${username} answered ${done.status}`);
  return cookieFrom(done) ?? session;
}

async function tokenFor(username) {
  const secret = totpSecrets.get(username);
  const body = { username, password: args.password, ...(secret ? { totp: totp.totpCode(secret) } : {}) };
  const res = await fetch(`${BASE}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`token for ${username} answered ${res.status}: ${await res.text()}`);
  return (await res.json()).accessToken;
}

// ---------------------------------------------------------------------------------------------
// Measuring.
function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load({ requests, headers = {}, connections = CONNECTIONS, duration = DURATION }) {
  const latencies = [];
  const statusCounts = {};
  const cpu0 = serverCpuMs();
  windowRss = 0;
  // The kernel's peak (VmHWM) also catches a spike shorter than the 250-ms sampling: if it rose
  // while this scenario ran, the scenario reached it.
  const hwm0 = memory().hwm;
  const instance = autocannon({ url: BASE, connections, duration, headers, requests, timeout: 30 });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const cpu = serverCpuMs() - cpu0;
  const hwm1 = memory().hwm;
  latencies.sort((a, b) => a - b);
  return {
    cpuPerRequest: latencies.length ? cpu / latencies.length : NaN,
    rss: hwm1 > hwm0 ? Math.max(windowRss, hwm1) : windowRss,
    requests: latencies.length,
    rps: latencies.length / (result.duration || duration),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors: result.errors + result.timeouts,
    non2xx: Object.entries(statusCounts).filter(([s]) => Number(s) >= 300).reduce((a, [, n]) => a + n, 0),
    statusCounts,
  };
}

/** A few sequential requests first, so every measured run starts with compiled views and warm caches. */
async function warm(requests, headers) {
  for (let i = 0; i < 10; i++) {
    const context = {};
    const r = requests[0].setupRequest ? requests[0].setupRequest({ ...requests[0] }, context) : requests[0];
    const res = await fetch(BASE + r.path, { method: r.method ?? 'GET', headers: { ...headers, ...(r.headers ?? {}) }, body: r.body, redirect: 'manual' });
    const text = await res.text();
    requests[0].onResponse?.(res.status, text, context);
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures the scenarios draw from.
const { usccCheckChar } = await import(pathToFileURL(join(ROOT, 'dist/policy/engine/uscc.js')).href);
const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const runTag = Array.from(randomBytes(3), (b) => ORG[b % 31]).join('');
let usccSerial = 0;
function freshUscc() {
  let n = usccSerial++;
  let org = '';
  for (let i = 0; i < 6; i++, n = Math.floor(n / 31)) org = ORG[n % 31] + org;
  const first17 = `91120116${runTag}${org}`;
  return first17 + usccCheckChar(first17);
}

// The api.md example, with a USCC whose check character is valid (the example's XXXXXX placeholder is not).
const EXAMPLE_USCC = '91120116MA05E2QK7' + usccCheckChar('91120116MA05E2QK7');
const EVALUATE_BODY = JSON.stringify({
  asOf: '2026-03-31',
  programs: ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'high-tech', 'super-deduction'],
  enterprise: { uscc: EXAMPLE_USCC, name: '…', districtCode: '120116', establishedOn: '2019-05-20', industryCode: 'C3911', taxMode: 'audit', highTechField: 'electronic-information', flags: [{ kind: 'abnormal-operation', on: '2025-04-02' }], rdLedger: true },
  financials: [{ year: 2025, operatingRevenue: 12000000, salesRevenue: 12000000, mainBusinessRevenue: 11500000, totalIncome: 12300000, nonTaxableIncome: 0, investmentIncome: 0, highTechRevenue: 9000000, rdExpense: 900000, rdExpenseDomestic: 900000, totalCostAndExpense: 10000000, totalAssets: 30000000, totalLiabilities: 12000000, employees: 80, stStaff: 20, transformedAchievements: 2 }],
  ipAssets: [{ kind: 'invention-patent', number: 'ZL202110000001.2', status: 'valid', grantedOn: '2022-01-04', expiresOn: '2041-03-01', acquisition: 'own', usedInHighTechApplication: false, relatedToMainProducts: true }],
  qualifications: [{ kind: 'venture-investment', on: '2024-06-01', amount: 2000000 }],
  expertScores: { techAdvancement: 6, coreSupport: 6, acquisition: 5, standardsBonus: 0, rdManagement: 5, rdInstitution: 4, transformationIncentive: 3, talent: 3 },
  rdExpenseDetail: { year: 2025, personnel: 500000, directInputs: 200000, depreciation: 50000, amortization: 20000, design: 30000, other: 150000, contractedDomestic: 100000, contractedOverseas: 0, byProductIncome: 0, manufacturing: true, icOrMachineTool: false, projects: [{ name: '…', activityType: 'new-product' }] },
});

// ---------------------------------------------------------------------------------------------
// The raw SQL floor: each scenario's main queries run directly through better-sqlite3 in this process,
// prepared once, on the same file. A request cannot cost less than this; the ratio of the server's CPU
// per request to it (and to /health's) is what a regression moves, however noisy the machine.
const LIST_COLUMNS = 'id, uscc, name, district_code, zone_code, current_tier, assigned_officer_id, established_on, industry_code, version, updated_at';
const FILE_TABLES = ['annual_financials', 'ip_asset', 'qualification', 'credit_flag', 'recognition', 'contact', 'rd_ledger', 'fact_check', 'srdi_fact', 'srdi_year', 'kpi_figures', 'kpi_grade', 'offer', 'application'];
const FLOOR_SQL = {
  list: [
    [`SELECT ${LIST_COLUMNS} FROM enterprise WHERE deleted_at IS NULL AND district_code = ? ORDER BY name, id LIMIT 50 OFFSET ?`, () => ['120116', 50 * Math.floor(Math.random() * 20)]],
    ['SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL AND district_code = ?', () => ['120116']],
  ],
  'list-officer': [
    [`SELECT ${LIST_COLUMNS} FROM enterprise WHERE deleted_at IS NULL AND district_code = ? AND current_tier = ? ORDER BY updated_at DESC, id DESC LIMIT 25`, () => ['120116', 'tech-sme']],
    ['SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL AND district_code = ? AND current_tier = ?', () => ['120116', 'tech-sme']],
  ],
  'list-api': [
    [`SELECT ${LIST_COLUMNS} FROM enterprise WHERE deleted_at IS NULL AND district_code = ? AND current_tier = ? ORDER BY updated_at DESC, id DESC LIMIT 50`, () => ['120116', 'gazelle']],
    ['SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL AND district_code = ? AND current_tier = ?', () => ['120116', 'gazelle']],
  ],
  // The file: the profile and every per-file table by its enterprise index (what the page shows and the engine reads).
  file: 'file',
  eligibility: 'file',
};
const floors = new Map();
let floorIds = [];
function measureFloors() {
  if (!sqliteFile) return;
  const db = new Database(sqliteFile, { readonly: true });
  const maxId = db.prepare('SELECT MAX(id) AS n FROM enterprise').get().n;
  floorIds = Array.from({ length: 500 }, () => 1 + Math.floor(Math.random() * maxId));
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
  const fileQueries = [['SELECT * FROM enterprise WHERE id = ?', (id) => [id]]];
  for (const t of FILE_TABLES) if (tables.has(t)) fileQueries.push([`SELECT * FROM "${t}" WHERE enterprise_id = ?`, (id) => [id]]);
  fileQueries.push(['SELECT * FROM activity WHERE enterprise_id = ? ORDER BY occurred_at DESC LIMIT 20', (id) => [id]]);
  fileQueries.push(['SELECT * FROM task WHERE enterprise_id = ? ORDER BY due_on LIMIT 20', (id) => [id]]);
  for (const [name, spec] of Object.entries(FLOOR_SQL)) {
    const queries = (spec === 'file' ? fileQueries : spec).map(([sql, params]) => [db.prepare(sql), params]);
    const run = (i) => { const id = floorIds[i % floorIds.length]; for (const [stmt, params] of queries) stmt.all(...params(id)); };
    for (let i = 0; i < 50; i++) run(i);
    const n = 400;
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) run(i);
    const used = process.cpuUsage(t0);
    floors.set(name, (used.user + used.system) / 1000 / n);
  }
  db.close();
  say(`raw SQL floors (CPU ms per request): ${[...floors].map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
const rows = [];
const batchResults = [];
const notes = [];
const startups = new Map();
const loadBefore = new Map();
let exportRows = null;

async function main() {
  const size = dataSize();
  say(`bench: ${size.note}; ${JSON.stringify(size.counts)}`);
  measureFloors();
  for (const w of WORKER_COUNTS) {
    resetTotpSteps();
    startServer(w);
    await runScenarios();
    await stopServer({ last: false });
  }
  await stopServer();
  writeReport(size);
}

async function runScenarios() {
  const startupMs = await waitForHealth();
  startups.set(workersNow, startupMs);
  say(`server up in ${startupMs} ms (pid ${server.pid}, ${workersNow} worker(s)), c=${CONNECTIONS}, ${DURATION} s per scenario`);
  // Start-up work (pending migrations, the expiry radar's first run 5 s after start) is not part of
  // steady-state serving: let it finish before measuring.
  const settle = Math.max(0, Number(args.settle) || 0);
  if (settle) {
    say(`settling ${settle} s (start-up jobs) …`);
    await new Promise((r) => setTimeout(r, settle * 1000));
  }
  loadBefore.set(workersNow, os.loadavg());

  const manager = await sessionFor('manager');
  const officer = await sessionFor('officer.binhai');
  // The API as the Binhai officer (no second factor for officers): list, evaluate, create, update.
  const officerToken = await tokenFor('officer.binhai');
  const maxId = sqliteFile
    ? (() => { const db = new Database(sqliteFile, { readonly: true }); const n = db.prepare('SELECT MAX(id) AS n FROM enterprise').get().n; db.close(); return n; })()
    : 120000;
  const randomId = () => 1 + Math.floor(Math.random() * maxId);
  // Probing a module's page costs a full request (the dashboard, the export): only for scenarios that will run.
  const wanted = (...names) => !only.size || names.some((n) => only.has(n));
  const exists = async (path, headers) => (await fetch(BASE + path, { headers, redirect: 'manual' })).status;

  const scenario = async (name, label, target, spec) => {
    if (only.size && !only.has(name)) return;
    if (serverExited) fail(`the server exited:\n${serverLog}`);
    await warm(spec.requests, spec.headers ?? {});
    say(`… ${label}`);
    const r = await load(spec);
    const met = target ? r.p95 <= target.p95 && r.errors === 0 && r.non2xx === 0 : null;
    rows.push({ name, label, ...r, target, met, workers: workersNow });
    say(`  ${r.rps.toFixed(0)} req/s · p50 ${r.p50.toFixed(1)} · p95 ${r.p95.toFixed(1)} · p99 ${r.p99.toFixed(1)} ms · errors ${r.errors} · non-2xx ${r.non2xx} · CPU ${r.cpuPerRequest.toFixed(2)} ms/req · RSS ${r.rss.toFixed(0)} MB ${JSON.stringify(r.statusCounts)}`);
  };
  const page = (cookie) => ({ cookie });
  const bearer = (token, json = false) => ({ authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) });

  await scenario('health', 'GET /health (framework baseline)', null, { requests: [{ method: 'GET', path: '/health' }] });
  await scenario('login-page', 'GET /login (sign-in page, anonymous)', { p95: 50 }, { requests: [{ method: 'GET', path: '/login' }] });
  await scenario('list', 'enterprise list page: district 120116, sort by name, pages 1–20 of 50 (manager)', { p95: 50 }, {
    headers: page(manager),
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/enterprises?districtCode=120116&sort=name&page=${1 + Math.floor(Math.random() * 20)}` }) }],
  });
  await scenario('list-officer', 'enterprise list page: officer scope (120116), tier tech-sme, sort -updatedAt', { p95: 50 }, {
    headers: page(officer),
    requests: [{ method: 'GET', path: '/enterprises?tier=tech-sme&sort=-updatedAt' }],
  });
  await scenario('list-api', 'GET /api/v1/enterprises as officer (120116): tier gazelle, sort -updatedAt, pageSize 50', { p95: 50 }, {
    headers: bearer(officerToken),
    requests: [{ method: 'GET', path: '/api/v1/enterprises?tier=gazelle&sort=-updatedAt&pageSize=50' }],
  });
  await scenario('file', 'enterprise file page /enterprises/:id (random of all)', { p95: 50 }, {
    headers: page(manager),
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/enterprises/${randomId()}` }) }],
  });
  await scenario('eligibility', 'eligibility panel /enterprises/:id/eligibility (random)', { p95: 50 }, {
    headers: page(manager),
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/enterprises/${randomId()}/eligibility` }) }],
  });
  await scenario('evaluate', 'POST /api/v1/eligibility/evaluate (api.md example, all programmes)', { p95: 20 }, {
    headers: bearer(officerToken, true),
    requests: [{ method: 'POST', path: '/api/v1/eligibility/evaluate', body: EVALUATE_BODY }],
  });

  // Key projects (issue 17): the page of 50 projects, manager city-wide (pages 1–5) and the Binhai
  // officer with a RAG filter; target p95 ≤ 50 ms at 120,000 enterprises.
  if (wanted('projects', 'projects-officer') && (await exists('/projects', page(manager))) === 200) {
    await scenario('projects', 'projects page, 50 per page, pages 1–5 (manager, city-wide)', { p95: 50 }, {
      headers: page(manager),
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/projects?page=${1 + Math.floor(Math.random() * 5)}` }) }],
    });
    await scenario('projects-officer', 'projects page: officer scope (120116), rag=red', { p95: 50 }, {
      headers: page(officer),
      requests: [{ method: 'GET', path: '/projects?rag=red' }],
    });
  } else if (!only.size || only.has('projects')) {
    rows.push({ workers: workersNow, name: 'projects', label: 'projects page', missing: 'not built yet (no /projects)', target: { p95: 50 } });
  }

  const dashboard = ['/reports', '/reports/pipeline'];
  let dashboardPath = null;
  if (wanted('dashboard')) for (const p of dashboard) if ((await exists(p, page(manager))) === 200) { dashboardPath = p; break; }
  if (dashboardPath) {
    await scenario('dashboard', `pipeline dashboard ${dashboardPath} (manager)`, { p95: 300 }, { headers: page(manager), requests: [{ method: 'GET', path: dashboardPath }] });
  } else if (!only.size || only.has('dashboard')) {
    rows.push({ workers: workersNow, name: 'dashboard', label: 'pipeline dashboard', missing: 'not built yet (no /reports)', target: { p95: 300 } });
  }

  // Transformation KPIs (issue 17): the report section as JSON for the officer's district (the
  // reports' one-minute cache included, as users meet it; the first request computes) and the file's
  // KPI page (figures, materialised grade, percentiles) for random files. Target p95 ≤ 300 ms.
  const kpiYear = new Date().getUTCFullYear() - 1;
  if (wanted('kpis', 'kpi-file') && (await exists(`/api/v1/reports/kpis?year=${kpiYear}`, bearer(officerToken))) === 200) {
    await scenario('kpis', `GET /api/v1/reports/kpis?year=${kpiYear} (officer 120116)`, { p95: 300 }, { headers: bearer(officerToken), requests: [{ method: 'GET', path: `/api/v1/reports/kpis?year=${kpiYear}` }] });
    await scenario('kpi-file', 'file KPI page /enterprises/:id/kpis (random, manager)', { p95: 300 }, {
      headers: page(manager),
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/enterprises/${randomId()}/kpis` }) }],
    });
  } else if (!only.size || only.has('kpis')) {
    rows.push({ workers: workersNow, name: 'kpis', label: 'transformation KPI section', missing: 'not built yet (no /api/v1/reports/kpis)', target: { p95: 300 } });
  }

  // The district whose file count is closest to 10,000 (Xiqing at 120,000 enterprises).
  let exportDistrict = '120111';
  if (sqliteFile) {
    const db = new Database(sqliteFile, { readonly: true });
    const best = db.prepare('SELECT district_code AS d, COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL GROUP BY district_code ORDER BY ABS(COUNT(*) - 10000) LIMIT 1').get();
    db.close();
    if (best) {
      exportDistrict = best.d;
      exportRows = best.n;
    }
  }
  const exportCandidates = [`/enterprises/export.csv?districtCode=${exportDistrict}`, `/api/v1/enterprises/export?format=csv&districtCode=${exportDistrict}`];
  let exportPath = null;
  if (wanted('export')) for (const p of exportCandidates) if ((await exists(p, page(manager))) === 200) { exportPath = p; break; }
  if (exportPath) {
    await scenario('export', `CSV export ${exportPath.split('?')[0]} (${exportRows ?? '≈10,000'} rows, district ${exportDistrict}, 4 conn.)`, null, { headers: page(manager), connections: Math.min(CONNECTIONS, 4), requests: [{ method: 'GET', path: exportPath }] });
  } else if (!only.size || only.has('export')) {
    rows.push({ workers: workersNow, name: 'export', label: 'CSV export, 10,000 rows', missing: 'not built yet (no export endpoint)' });
  }

  if (!args['no-write']) {
    await scenario('create', 'POST /api/v1/enterprises as officer (new USCC each)', { p95: 50 }, {
      headers: bearer(officerToken, true),
      requests: [{ method: 'POST', path: '/api/v1/enterprises', setupRequest: (req) => ({ ...req, body: JSON.stringify({ uscc: freshUscc(), name: `天津压测${usccSerial}科技有限公司`, districtCode: '120116', industryCode: 'I6510', taxMode: 'audit' }) }) }],
    });

    // Updates with the version each file currently has: a pool of ids, none in flight twice.
    const pool = [];
    const versions = new Map();
    for (const p of [3, 7]) {
      const res = await fetch(`${BASE}/api/v1/enterprises?pageSize=200&page=${p}&sort=name`, { headers: bearer(officerToken) });
      for (const e of (await res.json()).items ?? []) {
        versions.set(e.id, e.version);
        pool.push(e.id);
      }
    }
    const update = (connections) => ({
      headers: bearer(officerToken, true),
      connections,
      requests: [{
        method: 'PATCH',
        setupRequest: (req, context) => {
          const id = pool.shift();
          if (id === undefined) return { ...req, method: 'GET', path: '/health', body: undefined };
          context.id = id;
          return { ...req, path: `/api/v1/enterprises/${id}`, body: JSON.stringify({ version: versions.get(id), address: `天津市滨海新区压测路${Math.floor(Math.random() * 999)}号` }) };
        },
        onResponse: (status, body, context) => {
          if (context.id === undefined) return;
          try {
            if (status === 200) versions.set(context.id, JSON.parse(body).version);
          } catch {
            /* keep the old version; the next update of this id will answer 409 */
          }
          pool.push(context.id);
          context.id = undefined;
        },
      }],
    });
    await scenario('update', 'PATCH /api/v1/enterprises/:id (current version each)', { p95: 50 }, update(CONNECTIONS));

    // Writes under read load: 16 connections reading the list while 4 update files.
    if (!only.size || only.has('mixed')) {
      say('… mixed: list reads (16 connections) + updates (4 connections) at once');
      const [reads, writes] = await Promise.all([
        load({ headers: page(manager), connections: 16, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/enterprises?districtCode=120116&sort=name&page=${1 + Math.floor(Math.random() * 20)}` }) }] }),
        load(update(4)),
      ]);
      rows.push({ name: 'mixed-read', label: 'mixed: list reads while updates run (16 conn.)', ...reads, cpuPerRequest: NaN, target: { p95: 50 }, met: reads.p95 <= 50 && reads.errors === 0 && reads.non2xx === 0, workers: workersNow });
      rows.push({ name: 'mixed-write', label: 'mixed: updates under read load (4 conn.)', ...writes, cpuPerRequest: NaN, target: { p95: 50 }, met: writes.p95 <= 50 && writes.errors === 0 && writes.non2xx === 0, workers: workersNow });
      say(`  reads p95 ${reads.p95.toFixed(1)} ms non-2xx ${reads.non2xx} · writes ${writes.rps.toFixed(0)}/s p95 ${writes.p95.toFixed(1)} ms errors ${writes.errors} non-2xx ${writes.non2xx}`);
    }
  }

  // The portfolio re-evaluation with offer matching (issues 15, 16), once, with the last worker count (the
  // production set-up): the job's own timing, the matching step's, then the take-up report over the
  // offers it made (issue 15: p95 ≤ 300 ms). Not a load test: one batch, as the nightly run does it.
  if (workersNow === WORKER_COUNTS[WORKER_COUNTS.length - 1] && wanted('batch')) {
    const adminToken = await tokenFor('admin');
    // Twice: the first run on a database without offers makes every offer at once (a one-off); the
    // second is the nightly run, where matching finds what changed.
    batchResults.push(await runBatch(adminToken, 'first run (no offers yet)'));
    batchResults.push(await runBatch(adminToken, 'next run (the nightly case)'));
  }
  if (workersNow === WORKER_COUNTS[WORKER_COUNTS.length - 1] && wanted('take-up')) {
    const year = Number(new Date().toISOString().slice(0, 4));
    await scenario('take-up', `take-up report GET /api/v1/reports/take-up?year=${year} (officer 120116)`, { p95: 300 }, { headers: bearer(officerToken), requests: [{ method: 'GET', path: `/api/v1/reports/take-up?year=${year}` }] });
    await scenario('take-up-city', `take-up report, city-wide (manager session, /reports/take-up?year=${year})`, { p95: 300 }, { headers: page(manager), requests: [{ method: 'GET', path: `/reports/take-up?year=${year}` }] });
  }
}

async function runBatch(adminToken, label) {
  {
    const bearer = (token, json = false) => ({ authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) });
    say(`… batch re-evaluation of every file, then offer matching — ${label}`);
    const cpu0 = serverCpuMs();
    const started = Date.now();
    const job = await (await fetch(`${BASE}/api/v1/evaluations/batch`, { method: 'POST', headers: bearer(adminToken, true), body: '{}' })).json();
    let state = job;
    let failures = 0;
    while (state.status === 'queued' || state.status === 'running') {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        state = await (await fetch(`${BASE}/api/v1/jobs/${job.id}`, { headers: bearer(adminToken) })).json();
        failures = 0;
      } catch (err) {
        // A poll that fails (a connection reset while a worker is busy) is noted, not fatal.
        if (++failures > 30) throw err;
        notes.push(`batch poll failed once (${err.cause?.code ?? err.message}); retried`);
      }
    }
    const wallS = (Date.now() - started) / 1000;
    const summary = state.summary ?? {};
    const offers = summary.offers ?? {};
    const result = { label, status: state.status, error: state.error ?? null, wallS, cpuS: (serverCpuMs() - cpu0) / 1000, evaluated: summary.evaluated, changed: summary.changed, seconds: summary.seconds, matchingMs: offers.ms ?? null, offers, workers: workersNow };
    say(`  ${JSON.stringify(result)}`);
    return result;
  }
}

function fmt(n, digits = 1) {
  return Number.isFinite(n) ? n.toFixed(digits) : '—';
}

function git(argsList) {
  try {
    return execFileSync('git', argsList, { cwd: process.cwd(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function writeReport(size) {
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = ROOT !== process.cwd()
    ? ` (server built from ${ROOT}, e.g. a clean export of that commit)`
    : git(['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes in the work tree)' : '';
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const lines = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push('Written by `npm run bench` (scripts/bench.mjs); see `docs/performance.md` for the query plans and indexes');
  lines.push('behind these figures. Re-run after `npm run seed:bulk -- --enterprises 120000` to compare.');
  lines.push('');
  lines.push(`- date: ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`);
  lines.push(`- commit: ${commit}${dirty}`);
  lines.push(`- machine: ${os.cpus().length} cores (nproc ${CORES}, ${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${process.platform} ${os.release()}`);
  lines.push(`- node ${process.version}; server and client share the machine (loopback, 127.0.0.1)`);
  lines.push(`- data: ${Object.entries(size.counts).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}; ${size.note}`);
  lines.push(`- server: \`node dist/main.js\`, NODE_ENV=production (views cached), run once per worker count: ${WORKER_COUNTS.map((w) => `${w === 1 ? 'one process' : `${w} workers (WEB_CONCURRENCY=${w})`} started in ${startups.get(w) ?? '—'} ms`).join('; ')}`);
  lines.push(`- load: autocannon, ${CONNECTIONS} connections (unless noted), ${DURATION} s per scenario after 10 warm-up requests; measuring began ${Number(args.settle) || 0} s after the server answered /health (start-up jobs done)`);
  lines.push('- server CPU ms/req: user+system CPU time of the server\'s processes (supervisor and workers) during the run divided by the responses (independent of queueing)');
  lines.push('- × health: CPU per request over GET /health\'s in the same run (the framework\'s share); × SQL: over the raw SQL floor — the scenario\'s main queries prepared once and run directly through better-sqlite3 by this script on the same file');
  lines.push(`- raw SQL floors, CPU ms per request: ${floors.size ? [...floors].map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ') : '— (PostgreSQL)'}`);
  lines.push(`- load average of the machine when measuring started: ${WORKER_COUNTS.map((w) => `${w} worker(s): ${(loadBefore.get(w) ?? []).map((x) => x.toFixed(2)).join(' ')}`).join('; ')} (other work on the machine competes for the same 2 cores)`);
  for (const w of WORKER_COUNTS) {
    const mine = rows.filter((r) => r.workers === w);
    if (!mine.length) continue;
    const health = mine.find((r) => r.name === 'health')?.cpuPerRequest;
    lines.push('');
    lines.push(`## ${w === 1 ? 'One process' : `${w} workers`}`);
    lines.push('');
    lines.push('| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | server CPU ms/req | × health | × SQL | peak RSS MB | target p95 | met |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|');
    for (const r of mine) {
      if (r.missing) {
        lines.push(`| ${r.label} | — | — | — | — | — | — | — | — | — | — | ${r.target ? `≤ ${r.target.p95}` : '—'} | ${r.missing} |`);
        continue;
      }
      const floor = floors.get(r.name);
      const xHealth = health && r.name !== 'health' ? fmt(r.cpuPerRequest / health, 1) : '—';
      const xSql = floor ? fmt(r.cpuPerRequest / floor, 1) : '—';
      lines.push(`| ${r.label} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.errors} | ${r.non2xx} | ${fmt(r.cpuPerRequest, 2)} | ${xHealth} | ${xSql} | ${fmt(r.rss, 0)} | ${r.target ? `≤ ${r.target.p95}` : '—'} | ${r.met === null || r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`);
    }
    const peak = peakByWorkers.get(w) ?? 0;
    lines.push('');
    lines.push(`Peak memory of the largest server process (VmHWM, over this run): **${peak.toFixed(0)} MB** (target ≤ 400 MB per worker: ${peak <= 400 ? 'met' : '**not met**'}).`);
  }
  for (const b of batchResults) {
    lines.push('');
    lines.push(`## Batch re-evaluation with offer matching, ${b.label} (${b.workers} worker(s))`);
    lines.push('');
    const evaluation = b.seconds !== undefined && b.matchingMs !== null ? (b.seconds - b.matchingMs / 1000).toFixed(1) : '—';
    lines.push(`- job ${b.status}${b.error ? ` (${b.error})` : ''}: ${b.evaluated?.toLocaleString('en') ?? '—'} files evaluated, ${b.changed?.toLocaleString('en') ?? '—'} changed outcome; evaluation ${evaluation} s, then offer matching ${b.matchingMs === null ? '—' : `${(b.matchingMs / 1000).toFixed(1)} s`} (created ${b.offers.created ?? '—'}, reopened ${b.offers.reopened ?? '—'}, withdrawn ${b.offers.withdrawn ?? '—'}, fast-track ${b.offers.fastTrack ?? '—'})`);
    lines.push(`- wall time from the request to the job's end ${b.wallS.toFixed(1)} s; server CPU ${b.cpuS.toFixed(1)} s (all processes; the evaluation runs on worker threads)`);
  }
  const statuses = rows.filter((r) => r.statusCounts && Object.keys(r.statusCounts).some((s) => Number(s) >= 300));
  if (statuses.length) {
    lines.push('');
    lines.push('Status codes where not all were 2xx:');
    for (const r of statuses) lines.push(`- ${r.name} (${r.workers} worker(s)): ${JSON.stringify(r.statusCounts)}`);
  }
  for (const n of notes) lines.push(`- ${n}`);
  lines.push('');
  lines.push('Reading the figures: autocannon runs in this process on the same cores as the server. With one process, a request cannot be');
  lines.push('served faster than its CPU per request and at c=20 latency ≈ 20 × CPU/req once the core is saturated; with one worker per core');
  lines.push('the workers share both cores with the load generator. Errors and non-2xx are the correctness half: none of the runs may have any.');
  lines.push('docs/performance.md explains the plans and what was removed from the request path, each with its measurement.');
  const text = `${lines.join('\n')}\n`;
  writeFileSync(resolve(args.out), text);
  say('');
  say(text);
}

main().catch(async (err) => {
  await stopServer();
  fail(err instanceof Error ? err.stack ?? err.message : String(err));
});
