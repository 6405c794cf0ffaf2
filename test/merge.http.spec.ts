import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Activity } from '../src/activities/activity.entity.js';
import { Task } from '../src/activities/task.entity.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { User } from '../src/auth/user.entity.js';
import { DocumentRecord } from '../src/documents/document.entity.js';
import { AnnualFinancials } from '../src/enterprises/annual-financials.entity.js';
import { Contact } from '../src/enterprises/contact.entity.js';
import { CreditFlag } from '../src/enterprises/credit-flag.entity.js';
import { EnterpriseTag } from '../src/enterprises/enterprise-tag.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { IpAsset } from '../src/enterprises/ip-asset.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
const api = (method: 'get' | 'post' | 'put' | 'patch', path: string, who: string) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
const PDF = Buffer.from('%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n');
let seq = 0;

function uscc(district = '120116'): string {
  const first17 = `91${district}MB${String(++seq).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

/** Two files of one company: the survivor (with 2023, 2024) and a duplicate (2022, 2023) full of children. */
async function makePair(name: string) {
  const s = (await api('post', '/api/v1/enterprises', 'admin').send({ uscc: uscc(), name, districtCode: '120116', tags: ['共有', '保留'] }).expect(201)).body;
  const d = (await api('post', '/api/v1/enterprises', 'admin').send({ uscc: uscc(), name: `${name}（重复）`, districtCode: '120116', address: '天津市滨海新区重复路2号', establishedOn: '2018-08-08', tags: ['共有', '重复'] }).expect(201)).body;
  await api('put', `/api/v1/enterprises/${s.id}/financials/2023`, 'admin').send({ operatingRevenue: 10_000_000, employees: 50 }).expect(200);
  await api('put', `/api/v1/enterprises/${s.id}/financials/2024`, 'admin').send({ operatingRevenue: 12_000_000 }).expect(200);
  const d2023 = (await api('put', `/api/v1/enterprises/${d.id}/financials/2023`, 'admin').send({ operatingRevenue: 9_000_000, employees: 48 }).expect(200)).body;
  await api('put', `/api/v1/enterprises/${d.id}/financials/2022`, 'admin').send({ operatingRevenue: 7_000_000 }).expect(200);
  await api('post', `/api/v1/enterprises/${d.id}/ip-assets`, 'admin').send({ kind: 'invention-patent', number: `ZL2023${seq}0000.1`, status: 'valid' }).expect(201);
  await api('post', `/api/v1/enterprises/${d.id}/qualifications`, 'admin').send({ kind: 'hnte-certificate', on: '2023-01-01', validUntil: '2025-12-31' }).expect(201);
  await api('post', `/api/v1/enterprises/${d.id}/credit-flags`, 'admin').send({ kind: 'abnormal-operation', on: '2024-03-01' }).expect(201);
  await api('post', `/api/v1/enterprises/${d.id}/contacts`, 'admin').send({ name: '王经理', role: '财务负责人', phone: '022-12345678' }).expect(201);
  await api('post', `/api/v1/enterprises/${d.id}/activities`, 'admin').send({ kind: 'visit', text: '走访重复档案企业' }).expect(201);
  await api('post', `/api/v1/enterprises/${d.id}/tasks`, 'admin').send({ title: '核对重复档案', dueOn: '2030-01-01' }).expect(201);
  await t.dataSource.getRepository(Recognition).insert({ enterpriseId: d.id, tier: 'tech-sme', year: 2024, batch: null, certificateNumber: null, validFrom: '2024-06-30', validUntil: '2025-06-30', source: 'manual', applicationId: null });
  const docYear = (await api('post', `/api/v1/enterprises/${d.id}/documents`, 'admin').field('ownerKind', 'annual_financials').field('ownerId', String(d2023.id)).attach('file', PDF, '2023审计报告.pdf').expect(201)).body;
  const docFile = (await api('post', `/api/v1/enterprises/${d.id}/documents`, 'admin').field('ownerKind', 'enterprise').attach('file', PDF, '营业执照.pdf').expect(201)).body;
  const user = await t.dataSource.getRepository(User).findOneByOrFail({ role: 'admin' });
  const linked = await t.dataSource.getRepository(User).save(t.dataSource.getRepository(User).create({
    username: d.uscc, displayName: '重复企业用户', passwordHash: user.passwordHash, role: 'enterprise', districtCode: null, zoneCode: null, enterpriseId: d.id, locale: 'zh-CN', active: true,
  }));
  return { s, d, docYear, docFile, linkedUserId: linked.id };
}

beforeAll(async () => {
  t = await startTestApp();
  for (const who of ['admin', 'manager', 'officer.binhai']) tokens[who] = await tokenFor(t, who);
});
afterAll(async () => {
  await t?.close();
});

describe('merge (JSON)', () => {
  let pair: Awaited<ReturnType<typeof makePair>>;
  beforeAll(async () => {
    pair = await makePair('天津合并测试科技有限公司');
  });

  it('previews what moves, the conflicting years and the fields filled', async () => {
    const res = await api('get', `/api/v1/enterprises/${pair.s.id}/merge-preview?duplicateId=${pair.d.id}`, 'admin').expect(200);
    expect(res.body.moves).toMatchObject({ financials: 2, ipAssets: 1, qualifications: 1, creditFlags: 1, contacts: 1, tags: 2, recognitions: 1, activities: 1, tasks: 1, documents: 2, users: 1 });
    expect(res.body.conflicts.map((c: { year: number }) => c.year)).toEqual([2023]);
    expect(res.body.conflicts[0].survivor.operatingRevenue).toBe(10_000_000);
    expect(res.body.conflicts[0].duplicate.operatingRevenue).toBe(9_000_000);
    expect(res.body.filled).toEqual(expect.arrayContaining([{ field: 'establishedOn', value: '2018-08-08' }, { field: 'address', value: '天津市滨海新区重复路2号' }]));
    expect(res.body.tagsAfter).toEqual(['共有', '保留', '重复']);
  });

  it.each([
    ['officer.binhai', 403],
    ['manager', 403],
  ])('%s may not merge (%d)', async (who, status) => {
    await api('get', `/api/v1/enterprises/${pair.s.id}/merge-preview?duplicateId=${pair.d.id}`, who).expect(status);
    await api('post', `/api/v1/enterprises/${pair.s.id}/merge`, who).send({ duplicateId: pair.d.id, version: 1 }).expect(status);
  });

  it('a stale version answers 409 and moves nothing', async () => {
    const res = await api('post', `/api/v1/enterprises/${pair.s.id}/merge`, 'admin').send({ duplicateId: pair.d.id, version: 999 }).expect(409);
    expect(res.body.details[0].field).toBe('version');
    expect(await t.dataSource.getRepository(IpAsset).countBy({ enterpriseId: pair.d.id })).toBe(1);
  });

  it.each([
    ['itself', () => ({ duplicateId: pair.s.id, version: pair.s.version }), 400],
    ['an unknown duplicate', () => ({ duplicateId: 99_999_999, version: pair.s.version }), 400],
    ['no version', () => ({ duplicateId: pair.d.id }), 400],
    ['a year not on both files', () => ({ duplicateId: pair.d.id, version: pair.s.version, keepDuplicateYears: [2022] }), 400],
    ['years that are not numbers', () => ({ duplicateId: pair.d.id, version: pair.s.version, keepDuplicateYears: ['abc'] }), 400],
    ['an unknown property', () => ({ duplicateId: pair.d.id, version: pair.s.version, force: true }), 400],
    ['a string id', () => ({ duplicateId: 'x', version: pair.s.version }), 400],
  ])('refuses %s (%d) and changes nothing', async (_n, body, status) => {
    await api('post', `/api/v1/enterprises/${pair.s.id}/merge`, 'admin').send(body()).expect(status);
    expect(await t.dataSource.getRepository(Enterprise).countBy({ id: pair.d.id })).toBe(1);
  });

  it('malformed paths and bodies are 4xx', async () => {
    await api('post', '/api/v1/enterprises/abc/merge', 'admin').send({ duplicateId: pair.d.id, version: 1 }).expect(404);
    await api('post', `/api/v1/enterprises/${pair.s.id}/merge`, 'admin').set('Content-Type', 'application/json').send('{"duplicateId":').expect(400);
    await api('get', `/api/v1/enterprises/${pair.s.id}/merge-preview`, 'admin').expect(400);
    await api('get', `/api/v1/enterprises/${pair.s.id}/merge-preview?duplicateId=-1`, 'admin').expect(400);
  });

  it('moves every child to the survivor, keeps the survivor\'s figures for a shared year, soft-deletes the duplicate with a pointer, audits both', async () => {
    const res = await api('post', `/api/v1/enterprises/${pair.s.id}/merge`, 'admin').send({ duplicateId: pair.d.id, version: pair.s.version }).expect(200);
    expect(res.body.conflicts).toEqual([{ year: 2023, kept: 'survivor' }]);
    expect(res.body.duplicate).toMatchObject({ id: pair.d.id, mergedIntoId: pair.s.id });
    expect(res.body.survivor).toMatchObject({ id: pair.s.id, version: pair.s.version + 1, address: '天津市滨海新区重复路2号', establishedOn: '2018-08-08', tags: ['共有', '保留', '重复'] });
    const ds = t.dataSource;
    const years = (await ds.getRepository(AnnualFinancials).find({ where: { enterpriseId: pair.s.id }, order: { year: 'ASC' } })).map((f) => [f.year, f.operatingRevenue]);
    expect(years).toEqual([[2022, 7_000_000], [2023, 10_000_000], [2024, 12_000_000]]);
    for (const target of [AnnualFinancials, IpAsset, Qualification, CreditFlag, Contact, Recognition, Activity, Task, DocumentRecord, EnterpriseTag]) {
      expect(await ds.getRepository(target as typeof IpAsset).countBy({ enterpriseId: pair.d.id })).toBe(0);
    }
    expect(await ds.getRepository(IpAsset).countBy({ enterpriseId: pair.s.id })).toBe(1);
    expect(await ds.getRepository(Contact).countBy({ enterpriseId: pair.s.id })).toBe(1);
    expect((await ds.getRepository(EnterpriseTag).findBy({ enterpriseId: pair.s.id })).map((x) => x.tag).sort()).toEqual(['保留', '共有', '重复'].sort());
    expect((await ds.getRepository(User).findOneByOrFail({ id: pair.linkedUserId })).enterpriseId).toBe(pair.s.id);
    // Documents: the file's own now belong to the survivor; the 2023 evidence backs the survivor's 2023 figures.
    const s2023 = await ds.getRepository(AnnualFinancials).findOneByOrFail({ enterpriseId: pair.s.id, year: 2023 });
    expect(await ds.getRepository(DocumentRecord).findOneByOrFail({ id: pair.docYear.id })).toMatchObject({ enterpriseId: pair.s.id, ownerKind: 'annual_financials', ownerId: s2023.id });
    expect(await ds.getRepository(DocumentRecord).findOneByOrFail({ id: pair.docFile.id })).toMatchObject({ enterpriseId: pair.s.id, ownerKind: 'enterprise', ownerId: pair.s.id });
    await api('get', `/api/v1/documents/${pair.docYear.id}/download`, 'officer.binhai').expect(200);
    // The duplicate: soft-deleted, pointing at the survivor, hidden, not restorable.
    const dup = await ds.getRepository(Enterprise).createQueryBuilder('e').withDeleted().where('e.id = :id', { id: pair.d.id }).getOneOrFail();
    expect(dup.deletedAt).not.toBeNull();
    expect(dup.mergedIntoId).toBe(pair.s.id);
    await api('get', `/api/v1/enterprises/${pair.d.id}`, 'admin').expect(404);
    await api('post', `/api/v1/enterprises/${pair.d.id}/restore`, 'admin').expect(409);
    // Audited on both files, with before/after.
    const survivorEntry = await ds.getRepository(AuditEntry).findOneByOrFail({ entity: 'enterprise', entityId: String(pair.s.id), action: 'merge' });
    expect(survivorEntry.before).toMatchObject({ mergedFrom: null, address: null });
    expect(survivorEntry.after).toMatchObject({ mergedFrom: `${pair.d.name} (${pair.d.uscc})`, address: '天津市滨海新区重复路2号', conflicts: '2023:survivor' });
    const dupEntry = await ds.getRepository(AuditEntry).findOneByOrFail({ entity: 'enterprise', entityId: String(pair.d.id), action: 'merge' });
    expect(dupEntry.after).toMatchObject({ deleted: true, mergedInto: `${pair.s.name} (${pair.s.uscc})` });
    const timeline = await api('get', `/api/v1/enterprises/${pair.s.id}/timeline?kind=visit`, 'admin').expect(200);
    expect(timeline.body.items.map((i: { text: string }) => i.text)).toContain('走访重复档案企业');
    // Merging it again: the duplicate is gone.
    await api('post', `/api/v1/enterprises/${pair.s.id}/merge`, 'admin').send({ duplicateId: pair.d.id, version: res.body.survivor.version }).expect(400);
  });

  it('the admin may take the duplicate\'s figures for a shared year', async () => {
    const p = await makePair('天津按年选择合并有限公司');
    const res = await api('post', `/api/v1/enterprises/${p.s.id}/merge`, 'admin').send({ duplicateId: p.d.id, version: p.s.version, keepDuplicateYears: [2023] }).expect(200);
    expect(res.body.conflicts).toEqual([{ year: 2023, kept: 'duplicate' }]);
    const f = await t.dataSource.getRepository(AnnualFinancials).findOneByOrFail({ enterpriseId: p.s.id, year: 2023 });
    expect(f).toMatchObject({ operatingRevenue: 9_000_000, employees: 48 });
    const timeline = await api('get', `/api/v1/enterprises/${p.s.id}/timeline?kind=change`, 'admin').expect(200);
    expect(timeline.body.items.map((i: { text: string }) => i.text).join('\n')).toContain('营业收入 2023: 1,000.00 万元 → 900.00 万元');
  });
});

describe('merge (HTML)', () => {
  it('preview page with candidates, then confirm (PRG); officers get 403', async () => {
    const p = await makePair('天津页面合并科技有限公司');
    const agent = await signIn(t, 'admin');
    const page = await agent.get(`/enterprises/${p.s.id}/merge`).expect(200);
    expect(page.text).toContain(p.d.uscc); // suggested by the similar name
    const preview = await agent.get(`/enterprises/${p.s.id}/merge?duplicate=${p.d.uscc}`).expect(200);
    expect(preview.text).toContain('data-testid="merge-moves"');
    expect(preview.text).toContain('name="keep_2023"');
    const csrf = await csrfOf(agent, `/enterprises/${p.s.id}/merge?duplicate=${p.d.id}`);
    const stale = await agent.post(`/enterprises/${p.s.id}/merge`).type('form').send({ _csrf: csrf, duplicateId: p.d.id, version: p.s.version + 5, keep_2023: 'duplicate' }).expect(409);
    expect(stale.text).toContain('已被他人修改');
    const done = await agent.post(`/enterprises/${p.s.id}/merge`).type('form').send({ _csrf: csrf, duplicateId: p.d.id, version: p.s.version, keep_2023: 'duplicate' }).expect(303);
    expect(done.headers.location).toBe(`/enterprises/${p.s.id}`);
    const file = await agent.get(`/enterprises/${p.s.id}`).expect(200);
    expect(file.text).toContain('合并到本档案');
    expect(file.text).toContain('重叠年度：2023');
    const notFound = await agent.get(`/enterprises/${p.s.id}/merge?duplicate=91120116MB99999990`).expect(200);
    expect(notFound.text).toMatch(/找不到该档案|请输入档案编号/);
    const officer = await signIn(t, 'officer.binhai');
    await officer.get(`/enterprises/${p.s.id}/merge`).expect(403);
  });
});
