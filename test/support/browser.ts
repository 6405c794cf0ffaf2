import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Real server processes for the fault and browser suites: a private build of the application
 * (so `dist/` of other work is never touched) and helpers to start, probe and kill the server.
 */

const ROOT = process.cwd();

/**
 * The compiled server's main.js. SERVER_MAIN (e.g. dist/main.js after `npm run build`) is used
 * when set; otherwise the sources are compiled once into .test-data/server-build-<pid>/dist, next to
 * symbolic links to views/, public/, node_modules/ and package.json, because the server finds its
 * templates relative to its own files (ROOT_DIR = dist/..).
 */
export function serverMain(): string {
  if (process.env.SERVER_MAIN) return join(ROOT, process.env.SERVER_MAIN);
  const dir = join(ROOT, '.test-data', `server-build-${process.pid}`);
  const main = join(dir, 'dist', 'main.js');
  if (existsSync(main)) return main;
  mkdirSync(dir, { recursive: true });
  for (const name of ['views', 'public', 'node_modules', 'package.json']) {
    if (!existsSync(join(dir, name))) symlinkSync(join(ROOT, name), join(dir, name));
  }
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`server build failed:\n${tsc.stdout}\n${tsc.stderr}`);
  return main;
}

/** Removes the private build (keeps SERVER_MAIN builds). */
export function removeServerBuild(): void {
  if (!process.env.SERVER_MAIN) rmSync(join(ROOT, '.test-data', `server-build-${process.pid}`), { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  port: number;
  log(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts the built server with `env` (on top of a minimal environment) and waits until /health
 * answers 200, or the process ends (the promise then rejects with its output).
 */
export async function startServer(main: string, env: Record<string, string>, options: { uid?: number; gid?: number; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [main], {
    // One process unless a suite asks for the cluster (WEB_CONCURRENCY): a SIGKILL must hit the process that writes.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', WEB_CONCURRENCY: '1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  while (Date.now() - started < (options.timeoutMs ?? 90_000)) {
    if (child.exitCode !== null || child.signalCode !== null) throw Object.assign(new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${output}`), { output, code: child.exitCode });
    try {
      if ((await fetch(`${base}/health`)).status === 200) return { child, base, port, log: () => output, exited };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy:\n${output}`);
}

/** SIGKILL (no shutdown hooks, no flush): the process is gone when this resolves. */
export async function killHard(p: ServerProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stopServer(p: ServerProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await Promise.race([p.exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.child.exitCode === null && p.child.signalCode === null) await killHard(p);
}

/** A JSON call against a running server. */
export async function api(p: ServerProcess, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${p.base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, text };
}

export async function bearerToken(p: ServerProcess, username: string, password: string): Promise<string> {
  const res = await api(p, 'POST', '/api/v1/auth/token', undefined, { username, password });
  if (res.status !== 200) throw new Error(`token for ${username}: ${res.status} ${res.text}`);
  return res.body.accessToken as string;
}

/** Runs a compiled CLI (e.g. cli/audit-verify.js next to main.js) and returns its exit code and output. */
export function runCli(main: string, script: string, env: Record<string, string>, args: string[] = []): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(main, '..', script), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

// ---------------------------------------------------------------------------------------------
// Chromium through playwright-core (Debian's /usr/bin/chromium; never `playwright install`).

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
