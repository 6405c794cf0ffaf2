import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Contact } from '../src/enterprises/contact.entity.js';
import { CreditFlag } from '../src/enterprises/credit-flag.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { IpAsset } from '../src/enterprises/ip-asset.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/** The forms on the file page that add IP assets, qualifications, credit records and contacts. */
let t: TestApp;
let binhai: Enterprise;

beforeAll(async () => {
  t = await startTestApp();
  binhai = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
});
afterAll(async () => {
  await t?.close();
});

const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe('adding to the file from its page', () => {
  it('IP asset: 422 with Chinese field messages and the typed values kept, then PRG; a number already on file is a field error', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhai.id}`);
    const bad = await agent.post(`/enterprises/${binhai.id}/ip-assets`).type('form').send({ _csrf: csrf, kind: 'invention-patent', number: '', title: '一种测试方法', status: 'valid', grantedOn: '2024-02-30' }).expect(422);
    expect(bad.text).toContain('请填写“编号”。');
    expect(bad.text).toContain('“授权日期”须为有效日期（年-月-日）。');
    expect(bad.text).toContain('value="一种测试方法"');
    expect(bad.text).toMatch(/<details class="card-body border-top" open>\s*<summary>添加知识产权/);
    const ok = await agent.post(`/enterprises/${binhai.id}/ip-assets`).type('form').send({ _csrf: csrf, kind: 'invention-patent', number: 'ZL202499990001.X', title: '一种测试方法', status: 'valid', grantedOn: '2024-02-28', acquisition: 'own', relatedToMainProducts: 'on' }).expect(303);
    expect(ok.headers.location).toBe(`/enterprises/${binhai.id}#ip`);
    expect(await t.dataSource.getRepository(IpAsset).findOneByOrFail({ number: 'ZL202499990001.X' })).toMatchObject({ enterpriseId: binhai.id, relatedToMainProducts: true, usedInHighTechApplication: false });
    const page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
    expect(page.text).toContain('知识产权已添加。');
    const dup = await agent.post(`/enterprises/${binhai.id}/ip-assets`).type('form').send({ _csrf: csrf, kind: 'utility-model', number: 'ZL202499990001.X', status: 'valid' }).expect(422);
    expect(dup.text).toContain('“编号”已存在。');
  });

  it('qualification: "valid until" before "obtained" is a field error; a valid one is saved with its amount in yuan', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhai.id}`);
    const bad = await agent.post(`/enterprises/${binhai.id}/qualifications`).type('form').send({ _csrf: csrf, kind: 'hnte-certificate', on: '2024-05-01', validUntil: '2023-05-01' }).expect(422);
    expect(bad.text).toContain('不能早于取得日期。');
    const badKind = await agent.post(`/enterprises/${binhai.id}/qualifications`).type('form').send({ _csrf: csrf, kind: 'golden-star', on: '2024-05-01' }).expect(422);
    expect(badKind.text).toContain('请从列表中选择。');
    await agent.post(`/enterprises/${binhai.id}/qualifications`).type('form').send({ _csrf: csrf, kind: 'venture-investment', on: '2024-05-01', amount: '3,000,000', certificateNumber: 'VC-2024-01' }).expect(303);
    expect(await t.dataSource.getRepository(Qualification).findOneByOrFail({ certificateNumber: 'VC-2024-01' })).toMatchObject({ kind: 'venture-investment', amount: 3_000_000 });
  });

  it('credit record and contact; a bad e-mail is a field error in the page language (English after switching)', async () => {
    const agent = await signIn(t, 'officer.binhai');
    let csrf = await csrfOf(agent, `/enterprises/${binhai.id}`);
    await agent.post(`/enterprises/${binhai.id}/credit-flags`).type('form').send({ _csrf: csrf, kind: 'abnormal-operation', on: '2025-01-15', source: 'market-regulation' }).expect(303);
    expect(await t.dataSource.getRepository(CreditFlag).countBy({ enterpriseId: binhai.id, source: 'market-regulation' })).toBe(1);
    const bad = await agent.post(`/enterprises/${binhai.id}/contacts`).type('form').send({ _csrf: csrf, name: '赵主任', email: 'not-an-email' }).expect(422);
    expect(bad.text).toContain('须为有效的电子邮箱地址。');
    expect(bad.text).toContain('value="赵主任"');
    await agent.post('/locale').type('form').send({ _csrf: csrf, locale: 'en', next: `/enterprises/${binhai.id}` }).expect(303);
    csrf = await csrfOf(agent, `/enterprises/${binhai.id}`);
    const badEn = await agent.post(`/enterprises/${binhai.id}/contacts`).type('form').send({ _csrf: csrf, name: '', phone: 'call me' }).expect(422);
    expect(unescape(badEn.text)).toMatch(/Please fill in "[^"]+"\./);
    expect(unescape(badEn.text)).toContain('" has the wrong format.');
    await agent.post(`/enterprises/${binhai.id}/contacts`).type('form').send({ _csrf: csrf, name: '赵主任', role: '研发负责人', phone: '022-87654321', email: 'zhao@example.cn' }).expect(303);
    expect(await t.dataSource.getRepository(Contact).countBy({ enterpriseId: binhai.id, name: '赵主任' })).toBe(1);
    const page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
    expect(page.text).toContain('Contact added.');
    expect(page.text).toContain('zhao@example.cn');
  });

  it('managers may not post (403), other districts do not see the file (404), no token no post (403)', async () => {
    const manager = await signIn(t, 'manager');
    const mCsrf = await csrfOf(manager, `/enterprises/${binhai.id}`);
    await manager.post(`/enterprises/${binhai.id}/contacts`).type('form').send({ _csrf: mCsrf, name: 'x' }).expect(403);
    const nankai = await signIn(t, 'officer.nankai');
    const nCsrf = await csrfOf(nankai, '/enterprises');
    await nankai.post(`/enterprises/${binhai.id}/ip-assets`).type('form').send({ _csrf: nCsrf, kind: 'invention-patent', number: 'ZL-NK-1', status: 'valid' }).expect(404);
    const officer = await signIn(t, 'officer.binhai');
    await officer.post(`/enterprises/${binhai.id}/credit-flags`).type('form').send({ kind: 'abnormal-operation', on: '2025-01-15' }).expect(403);
  });

  it('contacts over JSON: 201, 400 with details on bad input', async () => {
    const token = await tokenFor(t, 'officer.binhai');
    const res = await request(t.http).post(`/api/v1/enterprises/${binhai.id}/contacts`).set('Authorization', `Bearer ${token}`).send({ name: '孙会计', phone: '13800000000' }).expect(201);
    expect(res.body).toMatchObject({ name: '孙会计', phone: '13800000000', role: null, email: null });
    const bad = await request(t.http).post(`/api/v1/enterprises/${binhai.id}/contacts`).set('Authorization', `Bearer ${token}`).send({ name: 'x', email: 'nope', extra: 1 }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'extra']);
  });
});
