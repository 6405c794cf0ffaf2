import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { verifyAuditChain } from '../src/audit/audit-verify.js';
import { AuditService } from '../src/audit/audit.service.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { formatReport } from '../src/cli/audit-verify.js';
import { csrfFrom, csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { dropAuditTriggers, sql } from './support/security.js';

/**
 * Access control and security audit (等保三级 访问控制 / 安全审计): the auditor role reads the audit
 * log and the login history and nothing else; admins cannot change their own role or erase the
 * log; the log is append-only in the database and hash-chained, and tampering is found.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A concrete path for an OpenAPI template (ids → 1, years → 2025). */
const concrete = (path: string) => path.replace(/\{year\}/g, '2025').replace(/\{[^}]+\}/g, '1');

describe('the auditor (separation of duties)', () => {
  it('reads the audit log, the login history and the chain verification, on the web and the API', async () => {
    const agent = await signIn(t, 'auditor');
    const home = await agent.get('/').expect(200);
    for (const href of ['/admin/audit', '/admin/audit/logins', '/admin/audit/verify', '/account']) expect(home.text).toContain(`href="${href}"`);
    for (const href of ['/enterprises', '/admin/users', '/tasks']) expect(home.text).not.toContain(`href="${href}"`);
    expect(home.text).toContain('审计日志（不含企业数据）');
    expect(home.text).toMatch(/data-testid="enterprise-count">0</);
    await agent.get('/admin/audit').expect(200);
    expect((await agent.get('/admin/audit/logins').expect(200)).text).toContain('auditor');
    await agent.get('/admin/audit/verify').expect(200);
    await agent.get('/account').expect(200);
    const token = await tokenFor(t, 'auditor');
    for (const path of ['/api/v1/audit/entries', '/api/v1/audit/logins', '/api/v1/audit/verify', '/api/v1/account/logins', '/api/v1/auth/me']) {
      await request(t.http).get(path).set(bearer(token)).expect(200);
    }
  });

  it('gets 403 from every other JSON route of the OpenAPI document, whatever the method', async () => {
    const token = await tokenFor(t, 'auditor');
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    // Public routes (no sign-in: the pre-screener) answer anyone, the auditor included.
    const allowed = /^\/api\/v1\/(audit|account|public)\/|^\/api\/v1\/auth\/(me|token)$|^\/health$/;
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (allowed.test(path)) continue;
      for (const method of Object.keys(ops)) {
        const res = await (request(t.http) as unknown as Record<string, (p: string) => request.Test>)[method]!(concrete(path)).set(bearer(token)).send({});
        expect([path, method, res.status]).toEqual([path, method, 403]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it.each(['/enterprises', '/enterprises/1', '/enterprises/new', '/enterprises/1/edit', '/my-enterprise', '/tasks', '/admin/users', '/admin/users/new', '/eligibility/check', '/admin/rule-sets', '/applications', '/reports', '/imports'])(
    'cannot open %s (403 or 404, never the page)',
    async (path) => {
      const agent = await signIn(t, 'auditor');
      const res = await agent.get(path);
      expect([403, 404]).toContain(res.status);
    },
  );

  it('other roles cannot read the audit log or the login history', async () => {
    for (const username of ['manager', 'officer.binhai', t.demo.find((d) => d.role === 'enterprise')!.username]) {
      const agent = await signIn(t, username);
      await agent.get('/admin/audit').expect(403);
      await agent.get('/admin/audit/logins').expect(403);
      await agent.get('/admin/audit/verify').expect(403);
      await request(t.http).get('/api/v1/audit/entries').set(bearer(await tokenFor(t, username))).expect(403);
    }
  });
});

describe('admins keep user management, within limits', () => {
  it('can create an auditor, but cannot change its own role or deactivate itself', async () => {
    const admin = await signIn(t, 'admin');
    const form = await admin.get('/admin/users/new').expect(200);
    expect(form.text).toContain('value="auditor"');
    await admin.post('/admin/users').type('form').send({ _csrf: csrfFrom(form.text), username: 'auditor.two', displayName: '审计员二', role: 'auditor', password: 'Audit-Second-2026' }).expect(303);
    await tokenFor(t, 'auditor.two', 'Audit-Second-2026');

    const list = await admin.get('/admin/users?q=admin').expect(200);
    const id = /\/admin\/users\/(\d+)\/edit">admin</.exec(list.text)![1];
    const edit = await admin.get(`/admin/users/${id}/edit`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    const res = await admin.post(`/admin/users/${id}`).type('form').send({ _csrf: csrfFrom(edit.text), displayName: '系统管理员', role: 'auditor', version }).expect(422);
    expect(res.text).toContain('不能修改自己的角色');
    await admin.post(`/admin/users/${id}/deactivate`).type('form').send({ _csrf: csrfFrom(edit.text) }).expect(403);
  });

  it('there is no route that changes or deletes an audit entry', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) if (path.includes('/audit')) expect(Object.keys(ops)).toEqual(['get']);
    const token = await tokenFor(t, 'admin');
    for (const method of ['delete', 'patch', 'put', 'post'] as const) {
      await request(t.http)[method]('/api/v1/audit/entries/1').set(bearer(token)).send({}).expect(404);
      await request(t.http)[method]('/api/v1/audit/entries').set(bearer(token)).send({}).expect(404);
    }
    const admin = await signIn(t, 'admin');
    const csrf = await csrfOf(admin, '/admin/audit');
    await admin.post('/admin/audit/1/delete').type('form').send({ _csrf: csrf }).expect(404);
    await admin.post('/admin/audit').type('form').send({ _csrf: csrf }).expect(404);
  });
});

describe('the audit log is append-only and hash-chained', () => {
  it('every entry is chained and the whole chain verifies (web, API, command)', async () => {
    const admin = await signIn(t, 'admin');
    const list = await admin.get('/admin/users?q=officer.nankai').expect(200);
    const id = /\/admin\/users\/(\d+)\/unlock|\/admin\/users\/(\d+)\/deactivate/.exec(list.text)!;
    await admin.post(`/admin/users/${id[1] ?? id[2]}/deactivate`).type('form').send({ _csrf: csrfFrom(list.text) }).expect(303);
    await admin.post(`/admin/users/${id[1] ?? id[2]}/activate`).type('form').send({ _csrf: csrfFrom(list.text) }).expect(303);
    const rows = await t.dataSource.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);

    const auditor = await signIn(t, 'auditor');
    const page = await auditor.get('/admin/audit/verify').expect(200);
    expect(page.text).toContain(`审计日志完整：已校验 ${rows.length} 条记录`);
    const api = await request(t.http).get('/api/v1/audit/verify').set(bearer(await tokenFor(t, 'auditor'))).expect(200);
    expect(api.body).toMatchObject({ ok: true, checked: rows.length, brokenAt: null, triggersPresent: true, head: { id: rows.at(-1)!.id, hash: rows.at(-1)!.hash } });
    expect(formatReport(await verifyAuditChain(t.dataSource))).toContain(`audit chain intact: ${rows.length} entries verified`);
  });

  it('entries written in bulk (one INSERT of many rows, as an import does) are chained in order too', async () => {
    const now = new Date();
    const rows = [1, 2, 3].map((n) => ({ at: now, actorId: null, actorUsername: 'system', action: 'import', entity: 'enterprise', entityId: String(n), enterpriseId: n, before: null, after: { n } as Record<string, any>, requestId: null }));
    await t.dataSource.transaction((em) => em.createQueryBuilder().insert().into(AuditEntry).values(rows).updateEntity(false).execute());
    await t.app.get(AuditService).recordStandalone(SYSTEM_ACTOR, { action: 'test', entity: 'user', entityId: 0 });
    expect((await verifyAuditChain(t.dataSource)).ok).toBe(true);
  });

  it('the database refuses UPDATE and DELETE of audit entries, whoever asks', async () => {
    const [first] = await t.dataSource.getRepository(AuditEntry).find({ order: { id: 'ASC' }, take: 1 });
    await expect(t.dataSource.query(sql(t.dataSource, "UPDATE audit_entry SET action = 'forged' WHERE id = $1"), [first!.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(sql(t.dataSource, 'DELETE FROM audit_entry WHERE id = $1'), [first!.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.getRepository(AuditEntry).delete({ id: first!.id })).rejects.toThrow(/append-only/);
    if (t.dataSource.options.type === 'postgres') await expect(t.dataSource.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.dataSource)).ok).toBe(true);
  });

  it('tampering with a row (triggers dropped first) is found at that entry; a deleted row breaks the link of the next', async () => {
    const repo = t.dataSource.getRepository(AuditEntry);
    const all = await repo.find({ order: { id: 'ASC' } });
    const victim = all[Math.floor(all.length / 2)]!;
    await dropAuditTriggers(t.dataSource);
    const missing = await verifyAuditChain(t.dataSource);
    expect(missing).toMatchObject({ ok: false, brokenAt: null, triggersPresent: false });

    await t.dataSource.query(sql(t.dataSource, `UPDATE audit_entry SET "after" = $1 WHERE id = $2`), [JSON.stringify({ displayName: 'forged' }), victim.id]);
    const report = await verifyAuditChain(t.dataSource);
    expect(report).toMatchObject({ ok: false, brokenAt: { id: victim.id, reason: 'content' } });
    expect(formatReport(report)).toContain(`AUDIT CHAIN BROKEN at entry id ${victim.id}`);

    const auditor = await signIn(t, 'auditor');
    const page = await auditor.get('/admin/audit/verify').expect(200);
    expect(page.text).toContain(`第 ${victim.id} 号记录校验失败`);
    expect(page.text).toContain('记录被修改');
    expect(page.text).toContain('数据库层面的防篡改保护未生效');
    const api = await request(t.http).get('/api/v1/audit/verify').set(bearer(await tokenFor(t, 'auditor'))).expect(200);
    expect(api.body.brokenAt).toEqual({ id: victim.id, reason: 'content' });

    // Restore the content with a recomputed-looking hash is impossible without the chain after it:
    // put the original back, then delete the entry after it instead.
    await t.dataSource.query(sql(t.dataSource, `UPDATE audit_entry SET "after" = $1 WHERE id = $2`), [victim.after === null ? null : JSON.stringify(victim.after), victim.id]);
    expect((await verifyAuditChain(t.dataSource)).brokenAt).toBeNull();
    const next = all[all.indexOf(victim) + 1]!;
    const afterNext = all[all.indexOf(victim) + 2]!;
    await t.dataSource.query(sql(t.dataSource, 'DELETE FROM audit_entry WHERE id = $1'), [next.id]);
    expect((await verifyAuditChain(t.dataSource)).brokenAt).toEqual({ id: afterNext.id, reason: 'link' });
  });
});
