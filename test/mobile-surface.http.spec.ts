import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Application } from '../src/applications/application.entity.js';
import { User } from '../src/auth/user.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { signIn, startTestApp, type TestApp } from './support/app.js';

/** Issue 18.11: the surface on a phone and for enterprise users. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A copy of an existing application row, for `enterprise` in `status`. */
async function applicationIn(enterpriseId: number, status: string): Promise<number> {
  const repo = t.dataSource.getRepository(Application);
  const template = await repo.findOneOrFail({ where: { type: 'tier-recognition' }, order: { id: 'ASC' } });
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...rest } = template;
  return (await repo.save(repo.create({ ...rest, enterpriseId, status, batchId: null, statusSince: new Date() }))).id;
}

describe('assets a phone needs', () => {
  it('/favicon.ico is served from public/ without signing in', async () => {
    const res = await request(t.http).get('/favicon.ico').expect(200);
    expect(res.headers['content-type']).toContain('image/x-icon');
    expect(Buffer.from(res.body as Buffer).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('navigation icons are SVG symbols served locally, every one the menu references', async () => {
    const page = await (await signIn(t, 'admin')).get('/').expect(200);
    const used = [...page.text.matchAll(/\/static\/img\/icons\.svg#(i-[a-z-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(5);
    const sprite = await request(t.http).get('/static/img/icons.svg').expect(200);
    const text = Buffer.isBuffer(sprite.body) ? sprite.body.toString() : sprite.text;
    for (const id of new Set(used)) expect(text).toContain(`<symbol id="${id}"`);
    expect(page.text).not.toMatch(/nav-link-icon" aria-hidden="true">[^<]/); // no bare glyphs
  });

  it('the sidebar folds behind a CSS-only toggle under 768 px; the unread badge is white on red', async () => {
    const page = await (await signIn(t, 'officer.binhai')).get('/').expect(200);
    expect(page.text).toContain('id="app-nav-toggle"');
    expect(page.text).toContain('for="app-nav-toggle"');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // still no inline script
    const css = readFileSync('public/css/app.css', 'utf8');
    expect(css).toMatch(/@media \(max-width: 767\.98px\)[\s\S]*\.app-sidebar \.app-nav-list \{ display: none;[\s\S]*\.app-nav-toggle:checked ~ \.app-nav-list \{ display: flex; \}/);
    expect(css).toMatch(/\.app-unread[^{]*\{ background: #c8102e !important; color: #fff !important;/);
  });
});

describe('the comment box for the applicant is staff-only', () => {
  it('an enterprise user sees no "将告知申报企业" box on its own application; an officer does', async () => {
    const owner = await t.dataSource.getRepository(User).findOneOrFail({ where: { role: 'enterprise' }, order: { id: 'ASC' } });
    const own = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: owner.enterpriseId! });
    const draft = await applicationIn(own.id, 'draft');
    const mine = await (await signIn(t, owner.username)).get(`/applications/${draft}`).expect(200);
    expect(mine.text).toContain('data-action="withdraw"');
    expect(mine.text).not.toContain('将告知申报企业');
    const submitted = await applicationIn(own.id, 'submitted');
    const officer = `officer.${own.districtCode === '120116' ? 'binhai' : 'nankai'}`;
    const staff = await (await signIn(t, officer)).get(`/applications/${submitted}`).expect(200);
    expect(staff.text).toContain('将告知申报企业');
  });
});
