import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { signIn, startTestApp, type TestApp } from './support/app.js';
import { crawl, listenOnce, unsafeMarkup } from './support/security.js';

/**
 * A strict Content-Security-Policy with no inline script (等保三级 入侵防范): the header on every
 * page, and no template that would need 'unsafe-inline' — no inline <script>, no style="…", no
 * on*= handler attribute, no javascript: URL — checked over every file in views/ and in public/.
 */

const ROOT = join(import.meta.dirname, '..');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

describe('templates need no unsafe-inline', () => {
  const views = files(join(ROOT, 'views'), /\.hbs$/);

  it('there are templates to check', () => {
    expect(views.length).toBeGreaterThanOrEqual(15);
  });

  it.each(views.map((v) => [relative(ROOT, v)]))('%s: no inline script, style attribute, handler attribute or script URL', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const problems: string[] = [];
    for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc="\/(static|vendor)\//.test(m[1]!) || m[2]!.trim()) problems.push(`inline script: ${m[0].slice(0, 80)}`);
    }
    for (const m of text.matchAll(/<[a-z][^>]*?\s(on[a-z]+)\s*=/gi)) problems.push(`handler attribute ${m[1]}`);
    for (const m of text.matchAll(/<[a-z][^>]*?\sstyle\s*=/gi)) problems.push(`style attribute: ${m[0].slice(0, 60)}`);
    if (/<style\b/i.test(text)) problems.push('<style> element');
    if (/(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i.test(text)) problems.push('javascript: URL');
    // User text is always escaped: triple mustaches only for the layout body.
    for (const m of text.matchAll(/\{\{\{\s*([^}]+?)\s*\}\}\}/g)) if (m[1] !== 'body') problems.push(`unescaped {{{${m[1]}}}}`);
    expect(problems).toEqual([]);
  });

  it('the static scripts use no eval or string timers', () => {
    for (const file of files(join(ROOT, 'public'), /\.js$/)) {
      const text = readFileSync(file, 'utf8');
      expect([file, /\beval\s*\(|new Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/.test(text)]).toEqual([file, false]);
    }
  });
});

describe('the Content-Security-Policy header', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await listenOnce(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const directives = (header: string) => Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map((p) => [p[0]!, p.slice(1)]));

  it('is strict: self-only scripts and styles, no inline, no eval, no plug-ins, no framing, no foreign form targets', async () => {
    const res = await request(t.http).get('/login').expect(200);
    const csp = directives(String(res.headers['content-security-policy']));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['form-action']).toEqual(["'self'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:']);
    expect(JSON.stringify(csp)).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('every page every role can reach carries it and renders no inline script or handler', async () => {
    const username = t.demo.find((d) => d.role === 'enterprise')!.username;
    let pages = 0;
    for (const who of ['admin', 'manager', 'officer.binhai', username, 'auditor']) {
      const agent = await signIn(t, who);
      for (const [url, html] of await crawl(agent, 80, 1)) {
        const res = await agent.get(url);
        expect([url, String(res.headers['content-security-policy'] ?? '')]).toEqual([url, expect.stringContaining("script-src 'self'")]);
        expect({ url, findings: unsafeMarkup(html) }).toEqual({ url, findings: [] });
        pages++;
      }
    }
    expect(pages).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
