import { createHash } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { totpCode, TOTP_PERIOD } from '../../src/auth/totp.js';
import { csrfFrom, DEMO_PASSWORD, type TestApp } from './app.js';

/** Helpers for the security, fuzz and fault suites (two-factor sign-in, database fingerprints, tampering). */

/** The enrolment secret printed on the enrolment page (groups of four, spaces removed). */
export function secretFromPage(html: string): string {
  const match = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(html);
  if (!match) throw new Error('no TOTP secret on the page');
  return match[1]!.replace(/\s+/g, '');
}

/** The code of the step `steps` away from now (each step may be used once: tests move forward). */
export function codeAt(secret: string, steps = 0): string {
  return totpCode(secret, Date.now() + steps * TOTP_PERIOD * 1000);
}

export type Agent = ReturnType<typeof request.agent>;

/** Signs in through the password form and lands on the second step; returns the agent and the redirect. */
export async function passwordStep(t: TestApp, username: string, password = DEMO_PASSWORD): Promise<{ agent: Agent; location: string }> {
  const agent = request.agent(t.http);
  const page = await agent.get('/login').expect(200);
  const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password, next: '/' });
  if (res.status !== 303) throw new Error(`password step of ${username} answered ${res.status}`);
  return { agent, location: String(res.headers.location) };
}

/** Enrols a privileged user at first sign-in; returns the signed-in agent, the secret and the recovery codes. */
export async function enrolAtFirstSignIn(t: TestApp, username: string, password = DEMO_PASSWORD): Promise<{ agent: Agent; secret: string; codes: string[] }> {
  const { agent, location } = await passwordStep(t, username, password);
  if (location !== '/login/enrol') throw new Error(`expected enrolment, got ${location}`);
  const page = await agent.get('/login/enrol').expect(200);
  const secret = secretFromPage(page.text);
  const done = await agent.post('/login/enrol').type('form').send({ _csrf: csrfFrom(page.text), code: codeAt(secret) });
  if (done.status !== 303) throw new Error(`enrolment answered ${done.status}`);
  const codesPage = await agent.get(String(done.headers.location)).expect(200);
  const codes = [...codesPage.text.matchAll(/<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})<\/code>/g)].map((m) => m[1]!);
  return { agent, secret, codes };
}

/** Every application table, for fingerprints. */
export async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    ds.options.type === 'postgres'
      ? await ds.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
      : await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return rows.map((r) => r.name).filter((n) => n !== 'migrations' && n !== 'typeorm_metadata').sort();
}

/**
 * A fingerprint of the whole database: per table, the row count and a hash of every row (ordered
 * by its first column), so any insert, update or delete shows. `skip` leaves tables out (e.g. the
 * login history, which records rejected sign-ins by design).
 */
export async function fingerprint(ds: DataSource, skip: string[] = []): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tableNames(ds)) {
    if (skip.includes(table)) continue;
    const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM "${table}" ORDER BY 1`);
    const h = createHash('sha256');
    for (const r of rows) h.update(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
    out[table] = `${rows.length}:${h.digest('hex').slice(0, 16)}`;
  }
  return out;
}

/** Drops the append-only triggers, as an attacker with direct database access would (tamper tests only). */
export async function dropAuditTriggers(ds: DataSource): Promise<void> {
  const pg = ds.options.type === 'postgres';
  for (const name of ['trg_audit_entry_no_update', 'trg_audit_entry_no_delete', ...(pg ? ['trg_audit_entry_no_truncate'] : [])]) {
    await ds.query(pg ? `DROP TRIGGER IF EXISTS ${name} ON audit_entry` : `DROP TRIGGER IF EXISTS ${name}`);
  }
}

/** Positional parameter placeholders for raw SQL on either database. */
export function sql(ds: DataSource, text: string): string {
  return ds.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?');
}
