import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { fingerprint, listenOnce, unsafeMarkup } from './support/security.js';

/**
 * Uploads (等保三级 入侵防范 / 恶意代码防范): files that lie about their type, oversized files and
 * path tricks in file names, through the JSON upload and the HTML upload form. The type is decided
 * by the bytes (whitelist), the size by UPLOAD_MAX_MB, names never become paths; rejected uploads
 * leave no row and no file behind; downloads are attachments with the sniffed type and nosniff.
 */

let t: TestApp;
let token: string;
let enterpriseId: number;
const bearer = () => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await startTestApp({ UPLOAD_MAX_MB: '1' });
  await listenOnce(t);
  token = await tokenFor(t, 'officer.binhai');
  const list = await request(t.http).get('/api/v1/enterprises?pageSize=1').set(bearer()).expect(200);
  enterpriseId = list.body.items[0].id;
});
afterAll(async () => {
  await t?.close();
});

const PDF = Buffer.from('%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(17, 7), Buffer.from([0, 0, 0, 0]), Buffer.from('IEND'), Buffer.alloc(4)]);

/** Every file under the upload directory's parent (the test's own folder). */
function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out = statSync(p).isDirectory() ? out.concat(filesUnder(p)) : out.concat(p);
  }
  return out;
}

const upload = (name: string, content: Buffer, contentType: string) =>
  request(t.http).post(`/api/v1/enterprises/${enterpriseId}/documents`).set(bearer()).field('ownerKind', 'enterprise').attach('file', content, { filename: name, contentType });

describe('uploads that lie about their type are refused (415), nothing kept', () => {
  it.each([
    ['HTML named .pdf', 'report.pdf', Buffer.from('<!doctype html><script>alert(1)</script>'), 'application/pdf'],
    ['SVG with script named .png', 'chart.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/png'],
    ['Windows executable named .jpg', 'photo.jpg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'image/jpeg'],
    ['ELF binary named .xlsx', 'figures.xlsx', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200)]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['PHP named .pdf', 'shell.pdf', Buffer.from('<?php system($_GET["c"]); ?>'), 'application/pdf'],
    ['GIF (not whitelisted) named .png', 'anim.png', Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/png'],
    ['ZIP that is no Office file named .docx', 'letter.docx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['empty file named .pdf', 'empty.pdf', Buffer.alloc(0), 'application/pdf'],
    ['29-byte text opening with %PDF- named fake.pdf', 'fake.pdf', Buffer.from('%PDF-1.4\nfake audited report\n'), 'application/pdf'],
    ['plain text named fake.pdf (would pass as CSV)', 'fake.pdf', Buffer.from('this is not a pdf, honest\n'), 'application/pdf'],
    ['%PDF- with %%EOF but no cross-reference', 'report.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'application/pdf'],
    ['PNG signature followed by junk', 'pixel.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]), 'image/png'],
    ['JPEG start without an end', 'photo.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 0x41)]), 'image/jpeg'],
  ])('%s', async (_label, name, content, type) => {
    const before = await fingerprint(t.dataSource, ['http_session', 'login_attempt']);
    const filesBefore = filesUnder(dirname(t.config.uploadDir)).length;
    const res = await upload(name, content, type);
    expect([400, 415]).toContain(res.status);
    expect(await fingerprint(t.dataSource, ['http_session', 'login_attempt'])).toEqual(before);
    expect(filesUnder(dirname(t.config.uploadDir)).filter((f) => !f.endsWith('.sqlite') && !/\.sqlite-(wal|shm)$/.test(f)).length).toBeLessThanOrEqual(filesBefore);
  });
});

describe('oversized uploads are refused (413) without keeping anything', () => {
  it.each([
    ['just over the limit', 1024 * 1024 + 1],
    ['eight times the limit', 8 * 1024 * 1024],
  ])('%s', async (_label, size) => {
    const before = await fingerprint(t.dataSource, ['http_session', 'login_attempt']);
    const big = Buffer.concat([PDF, Buffer.alloc(size - PDF.length, 0x20)]);
    const res = await upload('big.pdf', big, 'application/pdf');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
    expect(await fingerprint(t.dataSource, ['http_session', 'login_attempt'])).toEqual(before);
    expect(filesUnder(t.config.uploadDir).filter((f) => f.includes('.incoming'))).toEqual([]);
  });
});

describe('path tricks in file names never become paths', () => {
  const names = [
    '../../../../../../etc/passwd.pdf',
    '..\\..\\..\\windows\\win.ini.pdf',
    '/etc/shadow.pdf',
    'C:\\boot.pdf',
    '....//....//x.pdf',
    '%2e%2e%2f%2e%2e%2fescape.pdf',
    'nul\u0000byte.pdf.exe',
    '\u202eexe.pdf',
    'CON.pdf',
    `${'长'.repeat(400)}.pdf`,
    '<img src=x onerror=alert(1)>.pdf',
    '"; filename="evil.html.pdf',
    '.htaccess',
  ];

  it.each(names.map((n) => [n]))('%j: refused, or stored under a random key inside UPLOAD_DIR with the name cleaned and a safe download', async (name) => {
    // Files of this app and of the data root itself: the root's other folders belong to other suites (a
    // browser run's) and to the other Jest workers' apps and templates, which write while this test runs.
    const root = dirname(dirname(t.config.uploadDir));
    const own = basename(dirname(t.config.uploadDir));
    const othersApp = (f: string) => relative(root, f).includes(sep) && !relative(root, f).startsWith(`${own}${sep}`);
    const before = new Set(filesUnder(root));
    const added = () => filesUnder(root).filter((f) => !before.has(f) && !othersApp(f) && !/\.sqlite(-wal|-shm|-journal)?$/.test(f));
    const res = await upload(name, PDF, 'application/pdf');
    if (res.status === 400) {
      // Refusing the name outright (e.g. a NUL byte) is as good: then nothing is kept.
      expect(added()).toEqual([]);
      return;
    }
    expect(res.status).toBe(201);
    const doc = res.body.document ?? res.body;
    const stored: string = doc.name ?? doc.originalName;
    expect(stored).not.toMatch(/[\\/\u0000\u202e]/);
    expect(stored.length).toBeLessThanOrEqual(200);
    // Exactly one new file, inside the upload directory; nothing landed next to it or above it.
    const fresh = added();
    expect(fresh).toHaveLength(1);
    expect(relative(t.config.uploadDir, fresh[0]!)).not.toMatch(/^\.\./);
    const dl = await request(t.http).get(`/api/v1/documents/${doc.id}/download`).set(bearer()).expect(200);
    expect(dl.headers['content-type']).toMatch(/^application\/pdf/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+^`|-]*$/);
  });

  it('a real PDF named .exe is kept as a PDF and offered back as .pdf', async () => {
    const res = await upload('invoice.exe', PDF, 'application/x-msdownload').expect(201);
    const doc = res.body.document ?? res.body;
    const dl = await request(t.http).get(`/api/v1/documents/${doc.id}/download`).set(bearer()).expect(200);
    expect(dl.headers['content-type']).toMatch(/^application\/pdf/);
    expect(String(dl.headers['content-disposition'])).toMatch(/\.pdf"/);
    await upload('pixel.png', PNG, 'image/png').expect((r) => expect([201, 415]).toContain(r.status));
  });

  it('the file page lists the hostile names escaped', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/enterprises/${enterpriseId}`).expect(200);
    expect(page.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;.pdf');
    expect(unsafeMarkup(page.text)).toEqual([]);
  });

  it('the HTML upload form refuses a lying file with a clear page, and needs its CSRF token', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/enterprises/${enterpriseId}`).expect(200);
    const action = /action="(\/enterprises\/\d+\/documents\?_csrf=[^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
    expect(action).toBeTruthy();
    const lying = await agent.post(action!).field('ownerKind', 'enterprise').attach('file', Buffer.from('<script>alert(1)</script>'), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect([415, 422, 303]).toContain(lying.status);
    if (lying.status !== 303) expect(unsafeMarkup(lying.text)).toEqual([]);
    const forged = await agent.post(`/enterprises/${enterpriseId}/documents`).field('ownerKind', 'enterprise').attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(forged.status).toBe(403);
  });
});
