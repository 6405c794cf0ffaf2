import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DocumentRecord } from '../src/documents/document.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
let binhai: Enterprise;
let nankai: Enterprise;
let binhaiYearId: number; // a fiscal year's figures of the Binhai enterprise
let nankaiYearId: number;
let binhaiQualificationId: number;

const api = (method: 'get' | 'post', path: string, who: string) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);

const PDF = Buffer.from('%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(17, 7), Buffer.from([0, 0, 0, 0]), Buffer.from('IEND'), Buffer.alloc(4)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A stored ZIP with the given entries (enough to be a DOCX/XLSX to the sniffer). */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt32LE(crc32(data), 16); central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(centrals.length / 2, 8); eocd.writeUInt16LE(centrals.length / 2, 10);
  eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const upload = (who: string, enterpriseId: number, fields: Record<string, string | number>, file: Buffer, filename: string, contentType = 'application/octet-stream') => {
  let req = api('post', `/api/v1/enterprises/${enterpriseId}/documents`, who);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, String(v));
  return req.attach('file', file, { filename, contentType });
};

/** Every file under the upload directory, relative to it. */
function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(t.config.uploadDir, p));
    }
  };
  walk(t.config.uploadDir);
  return out;
}

beforeAll(async () => {
  t = await startTestApp({ UPLOAD_MAX_MB: '1' });
  const repo = t.dataSource.getRepository(Enterprise);
  binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  nankai = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  for (const who of ['admin', 'manager', 'officer.binhai', 'officer.nankai']) tokens[who] = await tokenFor(t, who);
  tokens.ent = await tokenFor(t, binhai.uscc);
  // Make sure both files have a fiscal year and the Binhai file a qualification to attach to.
  binhaiYearId = (await request(t.http).put(`/api/v1/enterprises/${binhai.id}/financials/2024`).set('Authorization', `Bearer ${tokens['officer.binhai']}`).send({ operatingRevenue: 1_000_000 })).body.id;
  nankaiYearId = (await request(t.http).put(`/api/v1/enterprises/${nankai.id}/financials/2024`).set('Authorization', `Bearer ${tokens['officer.nankai']}`).send({ operatingRevenue: 2_000_000 })).body.id;
  binhaiQualificationId = (await api('post', `/api/v1/enterprises/${binhai.id}/qualifications`, 'officer.binhai').send({ kind: 'hnte-certificate', on: '2024-01-10', validUntil: '2027-01-09', certificateNumber: 'GR202412000123' }).expect(201)).body.id;
});
afterAll(async () => {
  await t?.close();
});

describe('upload, list and download (JSON)', () => {
  let pdfId: number;

  it('an officer attaches a PDF to a fiscal year: stored with size, sha256 and the sniffed type', async () => {
    const res = await upload('officer.binhai', binhai.id, { ownerKind: 'annual_financials', ownerId: binhaiYearId }, PDF, '2024年审计报告.pdf', 'application/pdf').expect(201);
    expect(res.body).toMatchObject({ enterpriseId: binhai.id, ownerKind: 'annual_financials', ownerId: binhaiYearId, name: '2024年审计报告.pdf', mediaType: 'application/pdf', size: PDF.length, sha256: sha256(PDF), revision: 1, current: true });
    pdfId = res.body.id;
    const list = await api('get', `/api/v1/enterprises/${binhai.id}/documents`, 'officer.binhai').expect(200);
    expect(list.body.items.map((d: { id: number }) => d.id)).toContain(pdfId);
    expect(list.body.items.find((d: { id: number }) => d.id === pdfId).ownerLabel).toBe('2024 年度财务数据');
  });

  it('downloads as an attachment with a safe RFC 5987 Content-Disposition and the exact bytes', async () => {
    const res = await api('get', `/api/v1/documents/${pdfId}/download`, 'manager').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="2024_____.pdf"; filename*=UTF-8''2024%E5%B9%B4%E5%AE%A1%E8%AE%A1%E6%8A%A5%E5%91%8A.pdf`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(sha256(res.body as Buffer)).toBe(sha256(PDF));
  });

  it('judges by the bytes: a PNG named .pdf with a lying content type is stored and served as a PNG', async () => {
    const res = await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise' }, PNG, 'scan.pdf', 'application/pdf').expect(201);
    expect(res.body).toMatchObject({ mediaType: 'image/png', name: 'scan.pdf', ownerKind: 'enterprise', ownerId: binhai.id });
    const dl = await api('get', `/api/v1/documents/${res.body.id}/download`, 'officer.binhai').expect(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['content-disposition']).toContain('filename="scan.png"');
  });

  it.each([
    ['an EXE named .pdf', EXE, 'invoice.pdf', 'application/pdf'],
    ['an HTML page named .csv', Buffer.from('<html><script>alert(1)</script></html>'), 'data.csv', 'text/csv'],
    ['a plain ZIP named .docx', zip({ 'a.txt': 'x' }), 'report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ])('refuses %s with 415 and keeps nothing', async (_n, bytes, filename, type) => {
    const before = await t.dataSource.getRepository(DocumentRecord).count();
    const res = await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise' }, bytes, filename, type).expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect(await t.dataSource.getRepository(DocumentRecord).count()).toBe(before);
    expect(storedFiles().filter((f) => f.startsWith('.incoming'))).toEqual([]);
  });

  it('accepts DOCX, XLSX and CSV by their content', async () => {
    const docx = zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    const xlsx = zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });
    const csv = Buffer.from('\uFEFF年度,营业收入\n2024,1000000\n');
    expect((await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise' }, docx, 'a.bin').expect(201)).body.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise' }, xlsx, 'b.bin').expect(201)).body.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise' }, csv, 'c.txt').expect(201)).body.mediaType).toBe('text/csv');
  });

  it('refuses a file over the configured limit with 413 and keeps nothing', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024, 0x20)]);
    const res = await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise' }, big, 'big.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(storedFiles().filter((f) => f.startsWith('.incoming'))).toEqual([]);
  });

  it('a path trick in the name is harmless: stored under a random key inside the upload directory', async () => {
    const before = new Set(storedFiles());
    const res = await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise' }, PDF, '../../../../etc/passwd.pdf', 'application/pdf').expect(201);
    expect(res.body.name).toBe('passwd.pdf');
    const added = storedFiles().filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^[0-9a-f]{2}[/\\][0-9a-f]{32}$/);
    const row = await t.dataSource.getRepository(DocumentRecord).findOneByOrFail({ id: res.body.id });
    expect(added[0]!.endsWith(row.storageKey)).toBe(true);
    expect(row.storageKey).not.toContain('passwd');
  });

  it('a replacement is a new revision; the old one stays in the history and downloadable', async () => {
    const v2 = Buffer.concat([PDF, Buffer.from('% revised\n')]);
    const res = await upload('officer.binhai', binhai.id, { ownerKind: 'annual_financials', ownerId: binhaiYearId, replacesId: pdfId }, v2, '2024年审计报告（修订）.pdf').expect(201);
    expect(res.body).toMatchObject({ revision: 2, seriesId: pdfId, current: true });
    const current = await api('get', `/api/v1/enterprises/${binhai.id}/documents?ownerKind=annual_financials`, 'officer.binhai').expect(200);
    expect(current.body.items.map((d: { id: number }) => d.id)).toEqual([res.body.id]);
    const history = await api('get', `/api/v1/enterprises/${binhai.id}/documents?ownerKind=annual_financials&history=true`, 'officer.binhai').expect(200);
    expect(history.body.items.map((d: { revision: number; current: boolean }) => [d.revision, d.current])).toEqual([[2, true], [1, false]]);
    await api('get', `/api/v1/documents/${pdfId}/download`, 'officer.binhai').expect(200);
    // Replacing the old revision again is a conflict; replacing across owners is refused.
    await upload('officer.binhai', binhai.id, { ownerKind: 'annual_financials', ownerId: binhaiYearId, replacesId: pdfId }, v2, 'x.pdf').expect(409);
    await upload('officer.binhai', binhai.id, { ownerKind: 'enterprise', replacesId: res.body.id }, v2, 'x.pdf').expect(400);
  });
});

describe('scope and roles', () => {
  let binhaiDoc: number;
  beforeAll(async () => {
    binhaiDoc = (await upload('officer.binhai', binhai.id, { ownerKind: 'qualification', ownerId: binhaiQualificationId }, PDF, '高企证书.pdf').expect(201)).body.id;
  });

  it.each([
    ['officer.nankai', 404],
    ['manager', 200],
    ['admin', 200],
    ['ent', 200],
  ])('%s downloading a Binhai document → %d', async (who, status) => {
    await api('get', `/api/v1/documents/${binhaiDoc}/download`, who).expect(status);
  });

  it('another district cannot list or upload either (404, as if the file did not exist)', async () => {
    await api('get', `/api/v1/enterprises/${binhai.id}/documents`, 'officer.nankai').expect(404);
    await upload('officer.nankai', binhai.id, { ownerKind: 'enterprise' }, PDF, 'a.pdf').expect(404);
    // Even with an EXE the answer is 404, not 415: visibility is decided first.
    await upload('officer.nankai', binhai.id, { ownerKind: 'enterprise' }, EXE, 'a.exe').expect(404);
  });

  it('the enterprise user backs its own figures with evidence, but not certificates; managers upload nothing', async () => {
    await upload('ent', binhai.id, { ownerKind: 'annual_financials', ownerId: binhaiYearId }, PDF, '纳税申报表.pdf').expect(201);
    await upload('ent', binhai.id, { ownerKind: 'qualification', ownerId: binhaiQualificationId }, PDF, 'x.pdf').expect(403);
    await upload('ent', nankai.id, { ownerKind: 'annual_financials', ownerId: nankaiYearId }, PDF, 'x.pdf').expect(404);
    await upload('manager', binhai.id, { ownerKind: 'enterprise' }, PDF, 'x.pdf').expect(403);
  });

  it('an owner record of another file is refused (400), not attached', async () => {
    const res = await upload('admin', binhai.id, { ownerKind: 'annual_financials', ownerId: nankaiYearId }, PDF, 'x.pdf').expect(400);
    expect(res.body.details).toEqual([{ field: 'ownerId', message: 'is not a record of this enterprise file' }]);
  });
});

describe('malformed requests are 4xx, never 5xx', () => {
  it.each([
    ['no file', () => api('post', `/api/v1/enterprises/${binhai.id}/documents`, 'admin').field('ownerKind', 'enterprise'), 400],
    ['a JSON body', () => api('post', `/api/v1/enterprises/${binhai.id}/documents`, 'admin').send({ ownerKind: 'enterprise' }), 400],
    ['an unknown owner kind', () => upload('admin', binhai.id, { ownerKind: 'spaceship', ownerId: 1 }, PDF, 'a.pdf'), 400],
    ['a non-numeric owner id', () => upload('admin', binhai.id, { ownerKind: 'qualification', ownerId: 'abc' }, PDF, 'a.pdf'), 400],
    ['an unknown field', () => upload('admin', binhai.id, { ownerKind: 'enterprise', evil: 1 }, PDF, 'a.pdf'), 400],
    ['a second file', () => upload('admin', binhai.id, { ownerKind: 'enterprise' }, PDF, 'a.pdf').attach('file', PDF, 'b.pdf'), 400],
    ['a file under another field name', () => api('post', `/api/v1/enterprises/${binhai.id}/documents`, 'admin').field('ownerKind', 'enterprise').attach('upload', PDF, 'a.pdf'), 400],
    ['a broken multipart body', () => api('post', `/api/v1/enterprises/${binhai.id}/documents`, 'admin').set('Content-Type', 'multipart/form-data; boundary=XYZ').send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1'), 400],
    ['a non-numeric enterprise id', () => api('get', '/api/v1/enterprises/abc/documents', 'admin'), 404],
    ['a non-numeric document id', () => api('get', '/api/v1/documents/abc/download', 'admin'), 404],
    ['an unknown document id', () => api('get', '/api/v1/documents/99999999/download', 'admin'), 404],
    ['a bad list filter', () => api('get', `/api/v1/enterprises/${binhai.id}/documents?history=maybe`, 'admin'), 400],
  ])('%s', async (_n, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
  });

  it('no token → 401', async () => {
    await request(t.http).get(`/api/v1/enterprises/${binhai.id}/documents`).expect(401);
  });
});

describe('HTML: the file page', () => {
  it('shows the documents and an upload form carrying the CSRF token in its action', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
    expect(page.text).toContain('id="documents"');
    expect(page.text).toMatch(new RegExp(`action="/enterprises/${binhai.id}/documents\\?_csrf=[^"]+" enctype="multipart/form-data"`));
    expect(page.text).toContain('2024年审计报告');
    // The evidence count shows beside the fiscal year and the certificate it backs.
    // The year's header: 2024, its source badge (since provenance), then the link to its documents.
    expect(page.text).toMatch(/2024(?: <span class="badge[^"]*"[^>]*>[^<]*<\/span>)? <a class="badge bg-azure-lt" href="#documents">\d+ 份材料<\/a>/);
    expect(page.text).toMatch(/GR202412000123 <a class="badge bg-azure-lt" href="#documents">1 份材料<\/a>/);
  });

  it('uploads through the form (PRG), and a wrong type comes back to the page with a message in Chinese', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhai.id}`);
    const ok = await agent.post(`/enterprises/${binhai.id}/documents?_csrf=${encodeURIComponent(csrf)}`).field('owner', `annual_financials:${binhaiYearId}`).attach('file', PDF, '完税证明.pdf').expect(303);
    expect(ok.headers.location).toBe(`/enterprises/${binhai.id}#documents`);
    let page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
    expect(page.text).toContain('已上传“完税证明.pdf”');
    const bad = await agent.post(`/enterprises/${binhai.id}/documents?_csrf=${encodeURIComponent(csrf)}`).field('owner', 'enterprise:' + binhai.id).attach('file', EXE, 'setup.pdf').expect(303);
    expect(bad.headers.location).toBe(`/enterprises/${binhai.id}#documents`);
    page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
    expect(page.text).toContain('不支持的文件类型');
  });

  it('refuses a multipart form without the token (403) and downloads through the session', async () => {
    const agent = await signIn(t, 'officer.binhai');
    await agent.post(`/enterprises/${binhai.id}/documents`).field('owner', 'enterprise:' + binhai.id).attach('file', PDF, 'a.pdf').expect(403);
    const doc = (await api('get', `/api/v1/enterprises/${binhai.id}/documents`, 'officer.binhai')).body.items[0];
    await agent.get(`/documents/${doc.id}/download`).expect(200).expect('content-disposition', /^attachment;/);
    const nankaiAgent = await signIn(t, 'officer.nankai');
    await nankaiAgent.get(`/documents/${doc.id}/download`).expect(404);
  });
});
