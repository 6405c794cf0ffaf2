import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { CONTACT } from './applications.fixtures.js';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';
import { businessYear } from '../src/common/clock.js';

let t: TestApp;
let admin: string;
const uscc = (seventeen: string) => seventeen + usccCheckChar(seventeen);

beforeAll(async () => {
  t = await startTestApp();
  admin = await tokenFor(t, 'admin');
});
afterAll(async () => {
  await t?.close();
});

describe('merging duplicates carries the later modules’ records', () => {
  it('applications and recorded evaluations follow the survivor', async () => {
    const api = (method: 'get' | 'post', path: string) => request(t.http)[method](path).set('Authorization', `Bearer ${admin}`);
    const survivor = await api('post', '/api/v1/enterprises').send({ uscc: uscc('91120116MA05MRG01'), name: '天津合并保留科技有限公司', districtCode: '120116', establishedOn: '2020-01-01' }).expect(201);
    const duplicate = await api('post', '/api/v1/enterprises').send({ uscc: uscc('91120116MA05MRG02'), name: '天津合并重复科技有限公司', districtCode: '120116', establishedOn: '2020-01-01' }).expect(201);
    const year = businessYear();
    const application = await api('post', '/api/v1/applications').send({
      enterpriseId: duplicate.body.id, type: 'tier-recognition', tier: 'tech-sme', year,
      form: { ...CONTACT, mainProducts: '传感器' },
    }).expect(201);
    const evaluation = await api('post', `/api/v1/enterprises/${duplicate.body.id}/evaluations`).send({}).expect(201);
    await api('post', `/api/v1/enterprises/${survivor.body.id}/merge`).send({ duplicateId: duplicate.body.id, version: survivor.body.version }).expect(200);
    const [moved] = await t.dataSource.query(`SELECT enterprise_id FROM evaluation WHERE id = ${Number(evaluation.body.evaluationId)}`);
    expect(Number(moved.enterprise_id)).toBe(survivor.body.id);
    const [app] = await t.dataSource.query(`SELECT enterprise_id FROM application WHERE id = ${Number(application.body.id)}`);
    expect(Number(app.enterprise_id)).toBe(survivor.body.id);
  });
});
