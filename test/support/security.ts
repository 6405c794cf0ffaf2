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

// ---------------------------------------------------------------------------------------------
// HTML: a small tokenizer for the escaping checks, forms and links for the crawler.

export interface Tag {
  name: string;
  attrs: { name: string; value: string | null }[];
  /** Text up to the closing tag, for script/style. */
  content?: string;
}

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

/** Tags and their attributes as a browser would see them (quotes respected; comments skipped). */
export function scanTags(html: string): Tag[] {
  const tags: Tag[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const m = /^<([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(lt, lt + 64));
    if (!m) {
      i = lt + 1;
      continue;
    }
    const tag: Tag = { name: m[1]!.toLowerCase(), attrs: [] };
    let j = lt + m[0].length;
    for (;;) {
      while (j < html.length && /[\s/]/.test(html[j]!)) j++;
      if (j >= html.length || html[j] === '>') break;
      const nm = /^[^\s/>=]+/.exec(html.slice(j, j + 256));
      if (!nm) {
        j++;
        continue;
      }
      j += nm[0].length;
      while (j < html.length && /\s/.test(html[j]!)) j++;
      let value: string | null = null;
      if (html[j] === '=') {
        j++;
        while (j < html.length && /\s/.test(html[j]!)) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          value = html.slice(j + 1, end < 0 ? html.length : end);
          j = end < 0 ? html.length : end + 1;
        } else {
          const v = /^[^\s>]*/.exec(html.slice(j))![0];
          value = v;
          j += v.length;
        }
      }
      tag.attrs.push({ name: nm[0].toLowerCase(), value });
    }
    i = j + 1;
    if (RAW_TEXT.has(tag.name)) {
      const close = html.toLowerCase().indexOf(`</${tag.name}`, i);
      tag.content = html.slice(i, close < 0 ? html.length : close);
      i = close < 0 ? html.length : close;
    }
    tags.push(tag);
  }
  return tags;
}

/** Decodes the character references a browser decodes in attribute values. */
export function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(colon|tab|newline|quot|apos|lt|gt|amp);/gi, (_m, n: string) => ({ colon: ':', tab: '\t', newline: '\n', quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[n.toLowerCase()]!);
}

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'srcdoc', 'content']);
const FORBIDDEN_TAGS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'style']);

/**
 * Everything in a page that would run script or bypass the CSP if it were there: inline scripts
 * (any script without a same-origin src, or with content), event-handler attributes, style
 * attributes and elements, javascript:/vbscript:/data: (except images) URLs, frames and plug-ins,
 * meta refresh. Returns human-readable findings; an empty list means the page is clean.
 */
export function unsafeMarkup(html: string): string[] {
  const findings: string[] = [];
  for (const tag of scanTags(html)) {
    const show = `<${tag.name} ${tag.attrs.map((a) => `${a.name}=${JSON.stringify(a.value)}`).join(' ')}>`.slice(0, 200);
    if (FORBIDDEN_TAGS.has(tag.name)) findings.push(`forbidden element ${show}`);
    if (tag.name === 'script') {
      const src = tag.attrs.find((a) => a.name === 'src')?.value ?? '';
      if (!/^\/(static|vendor)\/[\w./-]+\.js$/.test(src) || (tag.content ?? '').trim()) findings.push(`inline or foreign script ${show}`);
    }
    if (tag.name === 'meta' && tag.attrs.some((a) => a.name === 'http-equiv')) findings.push(`meta http-equiv ${show}`);
    for (const a of tag.attrs) {
      if (/^on/.test(a.name)) findings.push(`event handler ${a.name} in ${show}`);
      if (a.name === 'style') findings.push(`style attribute in ${show}`);
      if (URL_ATTRS.has(a.name) && a.value !== null) {
        if (tag.name === 'meta' && a.name === 'content' && !/url=/i.test(a.value)) continue;
        const v = decodeEntities(a.value).replace(/[\u0000-\u0020\u007f-\u00a0\u2028\u2029]/g, '').toLowerCase();
        if (/^(javascript|vbscript|livescript):/.test(v) || /url=\s*javascript:/.test(v)) findings.push(`script URL in ${a.name} of ${show}`);
        // An image element never runs script, not even an SVG one: data: images are fine there only.
        const imageData = tag.name === 'img' && a.name === 'src' && /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/.test(v);
        if (/^data:/.test(v) && !imageData) findings.push(`data URL in ${a.name} of ${show}`);
      }
    }
  }
  return findings;
}

export interface FormField {
  kind: 'input' | 'textarea' | 'select' | 'button';
  type: string;
  name: string;
  value: string;
  /** select: the option values; the selected one first if any. */
  options?: string[];
}

export interface ParsedForm {
  method: string;
  action: string;
  enctype: string;
  fields: FormField[];
}

const attr = (tag: Tag, name: string) => tag.attrs.find((a) => a.name === name)?.value ?? null;

/** The forms of a page with their fields (names, types, current values, select options). */
export function parseForms(html: string, pageUrl: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  const re = /<form\b[\s\S]*?<\/form>/gi;
  for (const m of html.matchAll(re)) {
    const chunk = m[0];
    const tags = scanTags(chunk);
    const formTag = tags[0]!;
    const fields: FormField[] = [];
    for (let k = 1; k < tags.length; k++) {
      const tag = tags[k]!;
      const name = attr(tag, 'name');
      if (!name) continue;
      const value = decodeEntities(attr(tag, 'value') ?? '');
      if (tag.name === 'input') fields.push({ kind: 'input', type: (attr(tag, 'type') ?? 'text').toLowerCase(), name, value });
      else if (tag.name === 'textarea') fields.push({ kind: 'textarea', type: 'textarea', name, value: decodeEntities(tag.content ?? '') });
      else if (tag.name === 'button') fields.push({ kind: 'button', type: (attr(tag, 'type') ?? 'submit').toLowerCase(), name, value });
      else if (tag.name === 'select') {
        const close = chunk.indexOf('</select>', chunk.indexOf(`name="${name}"`));
        const inner = scanTags(chunk.slice(chunk.indexOf(`name="${name}"`), close < 0 ? undefined : close)).filter((t) => t.name === 'option');
        const values = inner.map((o) => decodeEntities(attr(o, 'value') ?? ''));
        const selected = inner.find((o) => o.attrs.some((a) => a.name === 'selected'));
        const first = selected ? decodeEntities(attr(selected, 'value') ?? '') : (values.find((v) => v !== '') ?? '');
        fields.push({ kind: 'select', type: 'select', name, value: first, options: values });
      }
    }
    const action = decodeEntities(attr(formTag, 'action') ?? pageUrl);
    forms.push({ method: (attr(formTag, 'method') ?? 'get').toLowerCase(), action, enctype: (attr(formTag, 'enctype') ?? '').toLowerCase(), fields });
  }
  return forms;
}

/** Same-site links of a page (path + query), without fragments. */
export function pageLinks(html: string): string[] {
  const out = new Set<string>();
  for (const tag of scanTags(html)) {
    if (tag.name !== 'a') continue;
    const href = attr(tag, 'href');
    if (!href) continue;
    const h = decodeEntities(href).split('#')[0]!;
    if (/^\/(?!\/)/.test(h)) out.add(h);
  }
  return [...out];
}

/** The XSS corpus (test/fixtures/xss.txt). */
export function xssPayloads(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
}

/** A URL's shape: digits → N, query reduced to its sorted keys. */
export const urlPattern = (url: string) => url.replace(/\d+/g, 'N').replace(/\?.*$/, (q) => `?${[...new URLSearchParams(q.slice(1)).keys()].sort().join('&')}`);

/** Links the crawler does not follow: sign-out, the API and its docs, static files, downloads. */
export const SKIP_LINK = /^\/(logout|api\/|static\/|vendor\/)|\/(export|download|file|raw)(\/|$|\?|\.)|\.(csv|xlsx|pdf|png|jpe?g|json|zip)(\?|$)/;

/**
 * Breadth-first over the same-site links of the signed-in user's pages, at most `perPattern` pages
 * per URL shape. Every response must be < 500; returns the HTML pages by URL.
 */
export async function crawl(agent: Agent, max = 150, perPattern = 2, onResponse?: (url: string, status: number) => void): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const seen = new Map<string, number>();
  const queue = ['/'];
  while (queue.length && pages.size < max) {
    const url = queue.shift()!;
    if (pages.has(url) || SKIP_LINK.test(url)) continue;
    const key = urlPattern(url);
    if ((seen.get(key) ?? 0) >= perPattern) continue;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const res = await agent.get(url);
    onResponse?.(url, res.status);
    if (res.status >= 500) throw new Error(`GET ${url} answered ${res.status}`);
    if (res.status !== 200 || !/text\/html/.test(String(res.headers['content-type']))) continue;
    pages.set(url, res.text);
    for (const link of pageLinks(res.text)) if (!pages.has(link)) queue.push(link);
  }
  return pages;
}

/** Starts the app's HTTP server on a loopback port once, so supertest reuses it for every request. */
export function listenOnce(t: TestApp): Promise<void> {
  if (t.http.address()) return Promise.resolve();
  return new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
}

const csrfTokens = new WeakMap<object, string>();
/** The session's CSRF token (the layout's sign-out form carries it), fetched once per agent. */
export async function csrfFromAny(agent: Agent): Promise<string> {
  const known = csrfTokens.get(agent);
  if (known) return known;
  const page = await agent.get('/');
  const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
  if (!match) throw new Error(`no CSRF token on / (${page.status})`);
  csrfTokens.set(agent, match[1]!);
  return match[1]!;
}
