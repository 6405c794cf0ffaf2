import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { api, bearerToken, CHROMIUM, CHROMIUM_ARGS, removeServerBuild, SCREENSHOTS, serverMain, startServer, stopServer, type ServerProcess } from '../support/browser.js';
import { addDays, businessToday, businessYear } from '../../src/common/clock.js';

/**
 * Real-browser scenarios (Debian Chromium, headless, through playwright-core) against the built
 * server as a separate process on a fresh database with the demo data. Screenshots of the main
 * pages go to docs/screenshots/ (the user guides and the README show them).
 * BROWSER_BASE_URL points the suite at a server that is already running (CI starts one).
 */

const PASSWORD = process.env.BROWSER_DEMO_PASSWORD ?? 'Test-Demo-2026';
const PDF = Buffer.from('%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n');
const YEAR = businessYear();

let server: ServerProcess | undefined;
let base = process.env.BROWSER_BASE_URL ?? '';
let browser: Browser;
const shots: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (!base) {
    const dir = join(process.cwd(), '.test-data', `browser-${process.pid}`);
    server = await startServer(serverMain(), { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, DEMO_SEED: 'true', DEMO_PASSWORD: PASSWORD, UPLOAD_DIR: join(dir, 'uploads'), JOBS_ENABLED: 'false', SESSION_SECRET: 'browser-suite-session-secret-0123456789' });
    base = server.base;
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stopServer(server);
  removeServerBuild();
  process.stdout.write(`BROWSER: screenshots ${shots.join(', ')}\n`);
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  // Script errors and CSP violations are failures; so is any stylesheet, script or image that does
  // not load (pages answering 4xx on purpose, and the favicon the browser asks for, are not).
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (r.status() >= 400 && ['stylesheet', 'script', 'image', 'font'].includes(type) && !/favicon/.test(r.url())) errors.push(`${r.status()} ${r.url()}`);
  });
  (page as Page & { jsErrors: string[] }).jsErrors = errors;
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  shots.push(name);
}

async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit].w-100')]);
}

/** Whether the focused element shows a focus indicator (an outline or a box shadow). */
async function focusVisible(page: Page): Promise<{ tag: string; id: string; visible: boolean }> {
  // A string, evaluated in the page (the test compiles without the DOM library).
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', id: '', visible: false };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    return { tag: el.tagName.toLowerCase(), id: el.id || el.getAttribute('name') || (el.textContent || '').trim().slice(0, 20), visible: outline || shadow };
  })()`);
}

/** Presses Tab until the element matching `selector` has the focus; every stop must show its focus. */
async function tabTo(page: Page, selector: string, max = 250): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const f = await focusVisible(page);
    expect({ at: f, visible: f.visible }).toEqual({ at: f, visible: true });
    if (await page.evaluate(`document.activeElement === document.querySelector(${JSON.stringify(selector)})`)) return i;
  }
  throw new Error(`Tab never reached ${selector}`);
}

let enterpriseUser = '';
let enterpriseName = '';
let enterpriseId = 0;

describe('an officer at work', () => {
  it('logs in, finds an enterprise, records a visit, edits a figure and sees the eligibility panel change', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    await shot(page, '01-login');
    await login(page, 'officer.binhai');
    await shot(page, '02-officer-home');

    // Find a file of the district by a part of its name.
    const token = await bearerTokenFor('officer.binhai');
    const first = (await apiAt('GET', '/api/v1/enterprises?pageSize=5&sort=name', token)).body.items[0] as { id: number; name: string };
    await page.goto(`${base}/enterprises`);
    const search = page.locator('input[name=q]').first();
    const term = first.name.slice(2, 8);
    await search.fill(term);
    // Enter submits the whole filter form, its empty selects included (districtCode=&tier=…): a 200.
    const [response] = await Promise.all([page.waitForNavigation(), search.press('Enter')]);
    expect(response?.status()).toBe(200);
    expect(await page.locator(`a[href="/enterprises/${first.id}"]`).count()).toBeGreaterThan(0);
    await shot(page, '03-enterprise-list');
    await Promise.all([page.waitForURL(new RegExp(`/enterprises/${first.id}$`)), page.click(`a[href="/enterprises/${first.id}"]`)]);

    // Record a visit.
    await page.selectOption('#activity-kind', 'visit');
    await page.fill('#activity-text', '走访：了解研发投入与高企申报计划（浏览器测试）');
    await Promise.all([page.waitForURL(new RegExp(`/enterprises/${first.id}`)), page.click('#activity button[type=submit]')]);
    expect(await page.locator('[data-testid=timeline]').innerText()).toContain('了解研发投入与高企申报计划');
    await shot(page, '04-enterprise-file');

    // The eligibility panel before and after a change of a figure.
    await page.goto(`${base}/enterprises/${first.id}/eligibility`);
    const before = await page.locator('main').innerText();
    await page.goto(`${base}/enterprises/${first.id}`);
    await page.click('summary:has-text("填报")');
    await page.fill('#fig-operatingRevenue', '123456789');
    await page.fill('#fig-rdExpense', '9876543');
    await Promise.all([page.waitForURL(new RegExp(`/enterprises/${first.id}`)), page.click('form[action$="/financials"] button[type=submit]')]);
    await page.goto(`${base}/enterprises/${first.id}/eligibility`);
    const after = await page.locator('main').innerText();
    expect(after).not.toEqual(before);
    expect(after).toMatch(/12,345\.68|123,456,789/);
    await shot(page, '05-eligibility');
    expect((page as Page & { jsErrors: string[] }).jsErrors).toEqual([]);
    await page.context().close();
  });
});

describe('the language switch', () => {
  it('switches every label to English and back, and remembers the choice', async () => {
    const page = await newPage();
    await login(page, 'manager');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=locale][value=en]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('nav, aside').first().innerText()).toMatch(/Enterprise|Home/);
    await shot(page, '14-home-english');
    await page.goto(`${base}/account`);
    expect(await page.locator('main').innerText()).toContain('Account security');
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=locale][value="zh-CN"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('main').innerText()).toContain('账号安全');
    await page.context().close();
  });
});

describe('keyboard only', () => {
  it('signs in with the keyboard: autofocus, Tab order, visible focus, Enter submits', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('username');
    await page.keyboard.type('officer.nankai');
    await page.keyboard.press('Tab');
    expect(await focusVisible(page)).toMatchObject({ id: 'password', visible: true });
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
    // The first Tab on a page reaches the skip link, which is shown when focused and jumps to the content.
    await page.keyboard.press('Tab');
    const skip = await focusVisible(page);
    expect(skip).toMatchObject({ tag: 'a', visible: true });
    expect(await page.evaluate("document.activeElement.getAttribute('href')")).toBe('#main');
    expect(await page.evaluate('document.activeElement.getBoundingClientRect().left >= 0')).toBe(true);
    await page.context().close();
  });

  it('reaches and submits the main forms with Tab and Enter only (visit record, password change)', async () => {
    const page = await newPage();
    await login(page, 'officer.nankai');
    const token = await bearerTokenFor('officer.nankai');
    const file = (await apiAt('GET', '/api/v1/enterprises?pageSize=1', token)).body.items[0] as { id: number };
    await page.goto(`${base}/enterprises/${file.id}`);
    const steps = await tabTo(page, '#activity-text');
    expect(steps).toBeGreaterThan(1);
    await page.keyboard.type('电话回访（仅键盘）');
    await Promise.all([page.waitForURL(new RegExp(`/enterprises/${file.id}`)), page.keyboard.press('Enter')]);
    expect(await page.locator('[data-testid=timeline]').innerText()).toContain('电话回访（仅键盘）');

    await page.goto(`${base}/account`);
    await tabTo(page, '#currentPassword');
    await page.keyboard.type('wrong-password-1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard-Only-2026');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard-Only-2026');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    expect(await page.locator('main').innerText()).toContain('当前密码不正确');
    // The re-rendered form keeps the keyboard user in place: the first invalid field is marked.
    expect(await page.locator('#currentPassword.is-invalid').count()).toBe(1);
    await page.context().close();
  });
});

describe('an enterprise applies', () => {
  it('checks eligibility, drafts and submits an application with its documents', async () => {
    const officer = await bearerTokenFor('officer.binhai');
    const list = (await apiAt('GET', '/api/v1/enterprises?pageSize=20&sort=name', officer)).body.items as { id: number; uscc: string; name: string }[];
    const chosen = list[3]!;
    enterpriseUser = chosen.uscc;
    enterpriseName = chosen.name;
    enterpriseId = chosen.id;
    // Founded long ago: the young-eagle age criterion fails, so the draft shows the pre-submit warning (issue 18).
    const file = (await apiAt('GET', `/api/v1/enterprises/${chosen.id}`, officer)).body.enterprise as { version: number };
    expect((await apiAt('PATCH', `/api/v1/enterprises/${chosen.id}`, officer, { establishedOn: '2005-03-01', version: file.version })).status).toBe(200);
    const page = await newPage();
    await login(page, enterpriseUser);
    await page.goto(`${base}/eligibility/check`);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/eligibility/check"] button[type=submit]')]);
    expect(await page.locator('[data-testid=self-check-result]').innerText()).not.toEqual('');
    await shot(page, '06-self-check');

    await page.goto(`${base}/applications/new?type=tier-recognition&tier=young-eagle&year=${YEAR}`);
    await page.fill('#contactName', '刘经理');
    await page.fill('#contactPhone', '022-23456789');
    await page.fill('#mainProducts', '智能传感器与工业物联网网关');
    await Promise.all([page.waitForURL(/\/applications\/\d+$/), page.click('form[method=post] button[type=submit].btn-primary')]);
    expect(await page.getAttribute('[data-testid=status]', 'data-status')).toBe('draft');
    // A disabled action shows its reason instead of a button that would fail.
    const blocked = page.locator('[data-action=submit][data-disabled-reason]');
    expect(await blocked.count()).toBe(1);
    expect(await blocked.locator('button').isDisabled()).toBe(true);
    expect(await page.locator('#why-submit').innerText()).toContain('还缺少 3 项必备材料');
    for (const requirement of ['audited-statements', 'ip-certificates', 'credit-commitment']) {
      await page.selectOption('#requirement', requirement);
      await page.setInputFiles('#file', { name: `${requirement}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      await Promise.all([page.waitForLoadState('load'), page.click('form[enctype="multipart/form-data"] button.btn-primary')]);
    }
    expect(await page.locator('[data-testid=missing-documents]').count()).toBe(0);
    // Before submit: today's evaluation with each unmet criterion (readable values) and the confirmation box.
    const warning = page.locator('[data-testid=presubmit-warning]');
    expect(await warning.getAttribute('data-outcome')).toBe('ineligible');
    expect(await warning.locator('tr[data-criterion=YE-AGE]').innerText()).toContain('2005');
    await shot(page, '07-application');
    // Submitted without ticking it: the form again, in Chinese, with the message at the box.
    await Promise.all([page.waitForLoadState('load'), page.click('form[data-action=submit] button[type=submit]')]);
    expect(await page.getAttribute('[data-testid=status]', 'data-status')).toBe('draft');
    expect(await page.locator('#ack-submit.is-invalid').count()).toBe(1);
    expect(await page.locator('#ack-submit-error').innerText()).toBe('请勾选“我已知悉未满足的条件，仍要提交”后再提交。');
    await shot(page, '07b-presubmit-confirmation');
    await page.check('#ack-submit');
    await Promise.all([page.waitForLoadState('load'), page.click('form[data-action=submit] button[type=submit]')]);
    expect(await page.getAttribute('[data-testid=status]', 'data-status')).not.toBe('draft');
    expect((page as Page & { jsErrors: string[] }).jsErrors).toEqual([]);
    await page.context().close();
  });
});

describe('a manager decides', () => {
  it('reviews the dashboard, approves a batch and opens the published list', async () => {
    // The district passes the application on (the officer's part, through the API).
    const officer = await bearerTokenFor('officer.binhai');
    const mine = (await apiAt('GET', `/api/v1/applications?type=tier-recognition`, officer)).body.items.find((a: { enterpriseId: number }) => a.enterpriseId === enterpriseId);
    expect(mine).toBeTruthy();
    for (const action of ['accept', 'recommend']) expect((await apiAt('POST', `/api/v1/applications/${mine.id}/transitions`, officer, { action })).status).toBe(200);

    const page = await newPage();
    await login(page, 'manager');
    // The city reviewer's action panel opens with the frozen evaluation and what it did not meet.
    await page.goto(`${base}/applications/${mine.id}`);
    const review = page.locator('#actions [data-testid=review-evaluation]');
    expect(await review.getAttribute('data-outcome')).toBe('ineligible');
    expect(await review.locator('tr[data-criterion=YE-AGE]').count()).toBe(1);
    await page.goto(`${base}/reports`);
    expect(await page.locator('main h2').first().innerText()).not.toEqual('');
    await shot(page, '08-reports');

    await page.goto(`${base}/batches`);
    await page.selectOption('#programme', 'young-eagle');
    await page.fill('#year', String(YEAR));
    await page.fill('#name', `${YEAR}年第一批（浏览器测试）`);
    await Promise.all([page.waitForURL(/\/batches\/\d+$/), page.click('form[action="/batches"] button[type=submit]')]);
    const batchUrl = page.url();
    await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/applications"] button[type=submit]')]);
    await page.fill('#startsOn', addDays(businessToday(), -40));
    await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/notice"] button[type=submit]')]);
    expect(await page.getAttribute('[data-testid=batch-status]', 'data-testid')).toBe('batch-status');
    await shot(page, '09-batch');
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=action][value=approve]')]);
    await page.goto(batchUrl);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/announce"] button[type=submit]')]);

    await page.goto(`${base}/lists/young-eagle/${YEAR}`);
    expect(await page.locator('[data-testid=published-list]').innerText()).toContain(enterpriseName);
    await shot(page, '10-published-list');
    expect((page as Page & { jsErrors: string[] }).jsErrors).toEqual([]);
    await page.context().close();
  });
});

describe('the manager\'s dashboard (issue 18.6)', () => {
  it('opens on a KPI strip above the fold, sections fold without script, empty charts are sentences', async () => {
    const page = await newPage();
    await login(page, 'manager');
    await page.goto(`${base}/reports`);
    const strip = page.locator('[data-testid=kpi-strip]');
    const box = await strip.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThan(800); // the whole strip on the first screen
    const tiles = strip.locator('[data-kpi]');
    expect(await tiles.count()).toBe(6);
    for (const id of ['files', 'rungs', 'hnte', 'waiting', 'expiring', 'money']) {
      expect((await strip.locator(`[data-kpi=${id}] .kpi-value`).innerText()).trim()).toMatch(/\d/);
    }
    // The files tile counts every live file: the same number as the API's list total.
    const token = await bearerTokenFor('manager');
    const total = (await apiAt('GET', '/api/v1/enterprises?pageSize=1', token)).body.total as number;
    expect(Number((await strip.locator('[data-kpi=files] .kpi-value').innerText()).replace(/\D/g, ''))).toBe(total);
    await shot(page, '15-reports-kpi-strip');

    // The first sections are open, the later ones folded; a click on the summary opens one (no script needed).
    expect(await page.locator('details.report-section#pipeline').getAttribute('open')).not.toBeNull();
    const later = page.locator('details.report-section#workload');
    expect(await later.getAttribute('open')).toBeNull();
    expect(await later.locator('table').isVisible()).toBe(false);
    await later.locator('summary h3').click();
    expect(await later.getAttribute('open')).not.toBeNull();
    expect(await later.locator('table').first().isVisible()).toBe(true);
    // A tile leads to its section (the browser opens a folded one it is sent to, or it is open already).
    await page.click('[data-kpi=waiting]');
    expect(page.url()).toMatch(/#applications$/);

    // A year before the demo city: charts without data are a sentence, never empty axes.
    await page.goto(`${base}/reports?year=2019`);
    expect(await page.locator('.report-chart-empty').count()).toBeGreaterThan(3);
    expect(await page.locator('#pipeline .report-chart img').count()).toBe(0);
    expect((page as Page & { jsErrors: string[] }).jsErrors).toEqual([]);
    await page.context().close();
  });
});

describe('on a phone (390 px)', () => {
  it('the sidebar folds away from the first screen, icons render, the menu opens with its toggle', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => { if (r.status() >= 400 && !/favicon/.test(r.url())) failed.push(`${r.status()} ${r.url()}`); });
    await login(page, 'manager');
    await page.goto(`${base}/reports`);
    const sidebar = await page.locator('aside.app-sidebar').boundingBox();
    expect(sidebar!.height).toBeLessThan(844 / 4); // a bar, not a screen of links
    expect(await page.locator('.app-nav-list').isVisible()).toBe(false);
    // The page's own content starts on the first screen.
    const title = await page.locator('main h2').first().boundingBox();
    expect(title!.y).toBeLessThan(844);
    expect((await page.locator('[data-testid=kpi-strip]').boundingBox())!.y).toBeLessThan(844);
    // No horizontal scroll of the page itself, and the header's buttons wrap inside the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
    for (const b of await page.locator('.page-header a.btn').all()) {
      const r = (await b.boundingBox())!;
      expect(r.x + r.width).toBeLessThanOrEqual(390);
    }
    await shot(page, '16-mobile-reports');

    await page.click('[data-testid=nav-toggle]');
    expect(await page.locator('.app-nav-list').isVisible()).toBe(true);
    // Icons: SVG symbols from the local sprite, drawn at their size (not boxes of a missing font).
    const icons = await page.evaluate(`(async () => {
      const uses = [...document.querySelectorAll('.app-nav-list svg.app-icon use')];
      const sprite = await fetch('/static/img/icons.svg').then((r) => r.text());
      return uses.map((u) => {
        const id = (u.getAttribute('href') || '').split('#')[1] || '';
        const r = u.closest('svg').getBoundingClientRect();
        return { id, inSprite: sprite.includes('<symbol id="' + id + '"'), w: r.width, h: r.height };
      });
    })()`) as { id: string; inSprite: boolean; w: number; h: number }[];
    expect(icons.length).toBeGreaterThan(5);
    for (const i of icons) expect([i.id, i.inSprite, i.w > 10, i.h > 10]).toEqual([i.id, true, true, true]);
    await shot(page, '17-mobile-menu');
    expect(failed).toEqual([]);
    await context.close();
  });
});

describe('trust pages', () => {
  it('two-factor enrolment, the audit log and its verification', async () => {
    const page = await newPage();
    await login(page, 'officer.binhai');
    await page.goto(`${base}/account/totp`);
    expect(await page.locator('[data-testid=totp-qr]').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.evaluate("document.querySelector('[data-testid=totp-qr]').naturalWidth")).toBeGreaterThan(100);
    await shot(page, '11-two-factor');
    await page.context().close();

    const auditor = await newPage();
    await login(auditor, 'auditor');
    await auditor.goto(`${base}/admin/audit`);
    expect(await auditor.locator('[data-testid=audit-table] tbody tr').count()).toBeGreaterThan(3);
    await shot(auditor, '12-audit-log');
    await auditor.goto(`${base}/admin/audit/verify`);
    expect(await auditor.locator('[data-testid=chain-ok]').count()).toBe(1);
    await shot(auditor, '13-audit-verify');
    await auditor.context().close();
  });
});

// Thin wrappers that work with BROWSER_BASE_URL as well as with the suite's own server.
async function bearerTokenFor(username: string): Promise<string> {
  return bearerToken({ base } as ServerProcess, username, PASSWORD);
}
async function apiAt(method: string, path: string, token?: string, body?: unknown) {
  return api({ base } as ServerProcess, method, path, token, body);
}
