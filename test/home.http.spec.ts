import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the role’s home page', () => {
  it('shows an officer the files in scope, overdue and due tasks, and the tier counts', async () => {
    const token = await tokenFor(t, 'officer.binhai');
    const e = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
    await request(t.http).post(`/api/v1/enterprises/${e.id}/tasks`).set('Authorization', `Bearer ${token}`).send({ title: '逾期的跟进', dueOn: '2020-01-01' }).expect(201);
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get('/').expect(200);
    const [{ n }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM enterprise WHERE district_code = '120116' AND deleted_at IS NULL");
    expect(page.text).toContain(`data-testid="enterprise-count">${n}<`);
    expect(page.text).toMatch(/data-testid="overdue-count">1</);
    expect(page.text).toContain('逾期的跟进');
    expect(page.text).toContain('href="/enterprises?tier=gazelle"');
  });

  it('shows an enterprise user its own summary and links, nothing of others', async () => {
    const uscc = t.demo.find((l) => l.role === 'enterprise')!.username;
    const agent = await signIn(t, uscc);
    const page = await agent.get('/').expect(200);
    expect(page.text).toContain('/eligibility/check');
    expect(page.text).not.toContain('data-testid="overdue-count"');
  });
});
