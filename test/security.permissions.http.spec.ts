import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { User } from '../src/auth/user.entity.js';
import { DocumentRecord } from '../src/documents/document.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { translate } from '../src/i18n/i18n.js';
import { ReferenceService } from '../src/reference/reference.service.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { CONTACT, PDF, THIS_YEAR, TIER_DOCS } from './applications.fixtures.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * One permission decision per action, the same on both faces (issue 12, part 3). Table-driven:
 * role × own/other district × action × face (JSON with a bearer token, HTML with a session).
 * Every generic route (documents, timeline, tasks, assignment, zones, batches, imports, IP
 * numbers) must answer what the owning module's policy answers; "exists in another district"
 * must answer exactly like "does not exist".
 */

let t: TestApp;
const tokens: Record<string, string> = {};
const agents: Record<string, request.Agent> = {};
let B: Enterprise; // Binhai (120116): the file everything happens on
let N: Enterprise; // Nankai (120104)
let B2: Enterprise; // another Binhai file
let nankaiOfficerId: number;
let binhaiOfficerId: number;
let foreignZone: string; // a functional zone lying in another district than Binhai
let taskId: number; // officer.binhai's task on B
let appId: number; // B's application (submitted, then returned)
let nankaiAppId: number;
let staffDocId: number; // a document officer.binhai attached to the submitted application
let batchName: string;

const NOTE = '内部备注：企业负责人对区里的扶持政策有意见（仅限内部）';
const TASK = '内部任务：核实研发费用归集口径';
const WHO = ['admin', 'manager', 'officer.binhai', 'officer.nankai', 'entB', 'entN'] as const;
type Who = (typeof WHO)[number];

const api = (method: 'get' | 'post' | 'patch', path: string, who: Who) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
const csv = (rows: (string | number)[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
function uscc(district: string, n: number): string {
  const first17 = `91${district}MA${String(n).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}
const setStatus = (id: number, status: string) => t.dataSource.query(`UPDATE application SET status = '${status}' WHERE id = ${Number(id)}`);
const documentCount = () => t.dataSource.getRepository(DocumentRecord).count();

beforeAll(async () => {
  t = await startTestApp();
  const repo = t.dataSource.getRepository(Enterprise);
  [B, B2] = await repo.find({ where: { districtCode: '120116' }, order: { id: 'ASC' }, take: 2 });
  N = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  const users = t.dataSource.getRepository(User);
  nankaiOfficerId = (await users.findOneByOrFail({ username: 'officer.nankai' })).id;
  binhaiOfficerId = (await users.findOneByOrFail({ username: 'officer.binhai' })).id;
  // The seeded zones all lie in Binhai: add one in Nankai (and drop the reference cache so it is known).
  foreignZone = 'nankai-test-park';
  await t.dataSource.query(`INSERT INTO functional_zone (code, name_zh, name_en, district_code) VALUES ('${foreignZone}', '南开测试园', 'Nankai test park', '120104')`);
  t.app.get(ReferenceService).forget();
  const login: Record<Who, string> = { admin: 'admin', manager: 'manager', 'officer.binhai': 'officer.binhai', 'officer.nankai': 'officer.nankai', entB: B.uscc, entN: N.uscc };
  for (const who of WHO) {
    tokens[who] = await tokenFor(t, login[who]);
    agents[who] = await signIn(t, login[who]);
  }

  // The officer's working papers on B: an internal note and a task.
  await api('post', `/api/v1/enterprises/${B.id}/activities`, 'officer.binhai').send({ kind: 'note', text: NOTE }).expect(201);
  taskId = (await api('post', `/api/v1/enterprises/${B.id}/tasks`, 'officer.binhai').send({ title: TASK, dueOn: `${THIS_YEAR + 1}-01-15` }).expect(201)).body.id;

  // B's application: drafted and documented by the enterprise, submitted, then evidence from the officer.
  const body = (e: Enterprise) => ({ enterpriseId: e.id, type: 'tier-recognition', tier: 'young-eagle', year: THIS_YEAR, form: { ...CONTACT, mainProducts: '工业视觉检测设备及算法' } });
  appId = (await api('post', '/api/v1/applications', 'entB').send(body(B)).expect(201)).body.id;
  for (const r of TIER_DOCS) {
    await api('post', `/api/v1/applications/${appId}/documents`, 'entB').field('requirement', r).attach('file', PDF, { filename: `${r}.pdf`, contentType: 'application/pdf' }).expect(201);
  }
  await setStatus(appId, 'submitted');
  staffDocId = (await api('post', `/api/v1/applications/${appId}/documents`, 'officer.binhai').field('requirement', 'other').attach('file', PDF, { filename: 'officer-note.pdf', contentType: 'application/pdf' }).expect(201)).body.documentId;
  nankaiAppId = (await api('post', '/api/v1/applications', 'entN').send(body(N)).expect(201)).body.id;

  // A batch with one application of each district.
  batchName = `权限测试批次-${Date.now()}`;
  const batch = (await api('post', '/api/v1/batches', 'manager').send({ programme: 'young-eagle', year: THIS_YEAR, name: batchName }).expect(201)).body;
  await t.dataSource.query(`UPDATE application SET batch_id = ${Number(batch.id)}, status = 'municipal-review' WHERE id IN (${Number(nankaiAppId)})`);
  await t.dataSource.query(`UPDATE application SET batch_id = ${Number(batch.id)} WHERE id IN (${Number(appId)})`);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('internal notes, tasks and staff usernames are staff-only on both faces', () => {
  // who, JSON file status, sees tasks in the JSON file, JSON timeline status, HTML file status, HTML shows note and task
  const cases: [Who, number, boolean, number, number, boolean][] = [
    ['admin', 200, true, 200, 200, true],
    ['manager', 200, true, 200, 200, true],
    ['officer.binhai', 200, true, 200, 200, true],
    ['officer.nankai', 404, false, 404, 404, false],
    ['entB', 200, false, 403, 200, false],
    ['entN', 404, false, 404, 404, false],
  ];
  it.each(cases)('%s reading B: file JSON %i (tasks: %s), timeline %i, page %i (notes and tasks shown: %s)', async (who, fileStatus, seesTasks, timelineStatus, pageStatus, pageShows) => {
    const json = await api('get', `/api/v1/enterprises/${B.id}`, who).expect(fileStatus);
    expect('tasks' in json.body).toBe(seesTasks);
    expect(JSON.stringify(json.body).includes(TASK)).toBe(seesTasks);
    const timeline = await api('get', `/api/v1/enterprises/${B.id}/timeline`, who).expect(timelineStatus);
    expect(JSON.stringify(timeline.body).includes(NOTE)).toBe(timelineStatus === 200);
    expect(JSON.stringify(timeline.body).includes('officer.binhai')).toBe(timelineStatus === 200);
    const page = await agents[who].get(`/enterprises/${B.id}`).expect(pageStatus);
    expect(page.text.includes(NOTE)).toBe(pageShows);
    expect(page.text.includes(TASK)).toBe(pageShows);
  });

  it('the enterprise\'s timeline denial is the activity policy\'s 403 with its message', async () => {
    const json = await api('get', `/api/v1/enterprises/${B.id}/timeline?kind=note`, 'entB').expect(403);
    // api.md "Messages": the caller's language (default setting → Chinese).
    expect(json.body.message).toBe('工作记录和待办任务仅供科技部门工作人员查看。');
  });

  it('document lists do not name the staff who uploaded to the enterprise', async () => {
    const staffView = await api('get', `/api/v1/enterprises/${B.id}/documents`, 'officer.binhai').expect(200);
    const own = await api('get', `/api/v1/enterprises/${B.id}/documents`, 'entB').expect(200);
    const byStaff = (items: { id: number; uploadedBy: string | null }[]) => items.find((d) => d.id === staffDocId);
    expect(byStaff(staffView.body.items)?.uploadedBy).toBeTruthy();
    expect(byStaff(own.body.items)?.uploadedBy).toBeNull();
    expect(own.body.items.filter((d: { id: number }) => d.id !== staffDocId).every((d: { uploadedBy: string | null }) => d.uploadedBy !== null)).toBe(true);
  });
});

describe('documents on an application: the generic route answers what the applications route answers', () => {
  const viaGeneric = (who: Who, extra: Record<string, string | number> = {}) => {
    let req = api('post', `/api/v1/enterprises/${B.id}/documents`, who).field('ownerKind', 'application').field('ownerId', String(appId));
    for (const [k, v] of Object.entries(extra)) req = req.field(k, String(v));
    return req.attach('file', PDF, { filename: 'late.pdf', contentType: 'application/pdf' });
  };
  const viaApplication = (who: Who, extra: Record<string, string | number> = {}) => {
    let req = api('post', `/api/v1/applications/${appId}/documents`, who).field('requirement', 'other');
    for (const [k, v] of Object.entries(extra)) req = req.field(k, String(v));
    return req.attach('file', PDF, { filename: 'late.pdf', contentType: 'application/pdf' });
  };

  // who, application status, expected status (both routes)
  const cases: [Who, string, number][] = [
    ['entB', 'submitted', 409],
    ['entB', 'district-review', 409],
    ['entB', 'rejected', 409],
    ['manager', 'submitted', 403],
    ['officer.nankai', 'submitted', 404],
    ['entN', 'submitted', 404],
    ['officer.binhai', 'rejected', 409],
    ['officer.binhai', 'submitted', 201],
    ['entB', 'returned', 201],
  ];
  it.each(cases)('%s attaching to a %s application → %i on both JSON routes', async (who, status, expected) => {
    await setStatus(appId, status);
    const before = await documentCount();
    const generic = await viaGeneric(who);
    const own = await viaApplication(who);
    expect([generic.status, own.status]).toEqual([expected, expected]);
    if (expected !== 201) {
      expect(await documentCount()).toBe(before);
      if (expected !== 404) expect(generic.body.message).toBe(own.body.message);
    }
    await setStatus(appId, 'submitted');
  });

  it('HTML face: the enterprise cannot attach to its submitted application through the file page either', async () => {
    await setStatus(appId, 'submitted');
    const before = await documentCount();
    const csrf = await csrfOf(agents.entB, `/enterprises/${B.id}`);
    await agents.entB.post(`/enterprises/${B.id}/documents?_csrf=${encodeURIComponent(csrf)}`).field('owner', `application:${appId}`)
      .attach('file', PDF, { filename: 'late.pdf', contentType: 'application/pdf' }).expect(303);
    expect(await documentCount()).toBe(before);
    const page = await agents.entB.get(`/enterprises/${B.id}`).expect(200);
    expect(page.text).toContain(translate('zh-CN', 'application.notEditable'));
  });

  // who, whose revision, expected (both routes), with the application returned to the applicant
  const supersede: [Who, 'staff' | 'own', number][] = [
    ['entB', 'staff', 403],
    ['officer.binhai', 'staff', 201],
  ];
  it.each(supersede)('%s superseding the %s document of a returned application → %i', async (who, _whose, expected) => {
    await setStatus(appId, 'returned');
    const before = await documentCount();
    if (expected === 201) {
      await viaGeneric(who, { replacesId: staffDocId }).expect(201);
    } else {
      const generic = await viaGeneric(who, { replacesId: staffDocId });
      const own = await viaApplication(who, { replacesId: staffDocId });
      expect([generic.status, own.status]).toEqual([expected, expected]);
      expect(generic.body.message).toBe('科技部门工作人员上传的材料不能由企业替换。');
      expect(own.body.message).toBe(generic.body.message);
      expect(await documentCount()).toBe(before);
    }
    await setStatus(appId, 'submitted');
  });

  it('the enterprise still supersedes its own upload of a returned application', async () => {
    await setStatus(appId, 'returned');
    const mine = (await api('get', `/api/v1/enterprises/${B.id}/documents`, 'entB').expect(200)).body.items.find((d: { ownerKind: string; uploadedBy: string | null; current: boolean }) => d.ownerKind === 'application' && d.uploadedBy !== null && d.current);
    await viaGeneric('entB', { replacesId: mine.id }).expect(201);
    await setStatus(appId, 'submitted');
  });
});

describe('tasks: who completes, whom they go to', () => {
  // who, JSON status, HTML status (the HTML route is for staff: others are refused by role first)
  const cases: [Who, number, number][] = [
    ['manager', 403, 403],
    ['officer.nankai', 404, 404],
    ['entB', 404, 403],
    ['entN', 404, 403],
  ];
  it.each(cases)('%s completing officer.binhai\'s task → JSON %i, HTML %i, the task stays open', async (who, json, html) => {
    await api('post', `/api/v1/tasks/${taskId}/complete`, who).send({}).expect(json);
    const csrf = await csrfOf(agents[who], '/account');
    await agents[who].post(`/tasks/${taskId}/complete`).type('form').send({ _csrf: csrf }).expect(html);
    const file = await api('get', `/api/v1/enterprises/${B.id}`, 'officer.binhai').expect(200);
    expect(file.body.tasks.find((x: { id: number }) => x.id === taskId).done).toBe(false);
  });

  it('a manager completes a task given to them (JSON) — the policy looks at the assignee, not only the role', async () => {
    const managerId = (await t.dataSource.getRepository(User).findOneByOrFail({ username: 'manager' })).id;
    const mine = await api('post', `/api/v1/enterprises/${B.id}/tasks`, 'officer.binhai').send({ title: '请市局协调', dueOn: `${THIS_YEAR + 1}-02-01`, assigneeId: managerId }).expect(201);
    await api('post', `/api/v1/tasks/${mine.body.id}/complete`, 'manager').send({}).expect(200);
  });

  // assignee, expected: another district's officer answers exactly like an unknown id
  const assignees: [string, number, () => number][] = [
    ['a colleague of the district', 201, () => binhaiOfficerId],
    ['another district\'s officer', 400, () => nankaiOfficerId],
    ['an unknown id', 400, () => 987654],
  ];
  it.each(assignees)('officer.binhai giving a task to %s → %i', async (_name, expected, assignee) => {
    const res = await api('post', `/api/v1/enterprises/${B.id}/tasks`, 'officer.binhai').send({ title: '回访', dueOn: `${THIS_YEAR + 1}-03-01`, assigneeId: assignee() }).expect(expected);
    if (expected === 400) expect(res.body).toEqual((await api('post', `/api/v1/enterprises/${B.id}/tasks`, 'officer.binhai').send({ title: '回访', dueOn: `${THIS_YEAR + 1}-03-01`, assigneeId: 987654 })).body);
  });
});

describe('assignment and zones of a file (officer.binhai on its own file B)', () => {
  const version = async () => (await api('get', `/api/v1/enterprises/${B.id}`, 'admin').expect(200)).body.enterprise.version as number;

  // change, expected JSON status, expected HTML status
  const cases: [string, number, number, () => Record<string, unknown>][] = [
    ['assign to another district\'s officer', 400, 422, () => ({ assignedOfficerId: nankaiOfficerId })],
    ['assign to an unknown user', 400, 422, () => ({ assignedOfficerId: 987654 })],
    ['set a zone of another district', 403, 403, () => ({ zoneCode: foreignZone })],
    ['assign to a colleague of the district', 200, 303, () => ({ assignedOfficerId: binhaiOfficerId })],
  ];
  it.each(cases)('%s → JSON %i, HTML %i', async (_name, json, html, change) => {
    const res = await api('patch', `/api/v1/enterprises/${B.id}`, 'officer.binhai').send({ ...change(), version: await version() }).expect(json);
    if (json === 400) expect(res.body.details).toEqual([{ field: 'assignedOfficerId', message: '请选择负责该档案所在区域的在岗工作人员。' }]);
    const csrf = await csrfOf(agents['officer.binhai'], `/enterprises/${B.id}/edit`);
    const form = Object.fromEntries(Object.entries(change()).map(([k, v]) => [k, String(v)]));
    const page = await agents['officer.binhai'].post(`/enterprises/${B.id}`).type('form').send({ _csrf: csrf, version: String(await version()), ...form }).expect(html);
    if (html === 422) expect(page.text).toContain('请选择负责该档案所在区域的在岗工作人员。');
    const after = (await api('get', `/api/v1/enterprises/${B.id}`, 'admin').expect(200)).body.enterprise;
    if (json !== 200) expect([after.assignedOfficerId, after.zoneCode]).not.toContain(nankaiOfficerId);
    expect(after.zoneCode).not.toBe(foreignZone);
  });

  it('the two 400 answers are the same, word for word', async () => {
    const a = await api('patch', `/api/v1/enterprises/${B.id}`, 'officer.binhai').send({ assignedOfficerId: nankaiOfficerId, version: await version() }).expect(400);
    const b = await api('patch', `/api/v1/enterprises/${B.id}`, 'officer.binhai').send({ assignedOfficerId: 987654, version: await version() }).expect(400);
    expect(a.body).toEqual(b.body);
  });
});

describe('batch lists count only the applications the caller can see', () => {
  // who, count in the JSON list, count on the page
  const cases: [Who, number][] = [
    ['manager', 2],
    ['admin', 2],
    ['officer.binhai', 1],
    ['officer.nankai', 1],
  ];
  it.each(cases)('%s sees %i on both faces', async (who, expected) => {
    const list = await api('get', '/api/v1/batches', who).expect(200);
    const items = (Array.isArray(list.body) ? list.body : list.body.items) as { name: string; applications: number }[];
    expect(items.find((b) => b.name === batchName)?.applications).toBe(expected);
    const page = await agents[who].get('/batches').expect(200);
    const row = page.text.split('<tr>').find((r) => r.includes(batchName))!;
    expect(row).toMatch(new RegExp(`<td class="num">${expected}</td>`));
  });
});

describe('"exists elsewhere" answers exactly like "does not exist" (or like "exists here" for unique keys)', () => {
  const norm = (body: unknown, ...needles: string[]) => needles.reduce((s, n) => s.split(n).join('<key>'), JSON.stringify(body));

  it('enterprise import: a row for another district\'s file answers like a new file placed outside the area', async () => {
    const header = ['统一社会信用代码', '企业名称', '所属区'];
    // One file per row (a USCC may appear once per file); the row errors, without the row number.
    const errorsOf = async (row: string[]) => {
      const res = await api('post', '/api/v1/imports?kind=enterprises', 'officer.binhai').attach('file', csv([header, row]), { filename: 'e.csv', contentType: 'text/csv' }).expect(201);
      return (res.body.errors as { column: string | null; message: string }[]).map(({ column, message }) => ({ column, message }));
    };
    // row (exists elsewhere) vs row (does not exist), both placed in Nankai
    const pairs: [string[], string[]][] = [
      [[N.uscc, '某公司', '南开区'], [uscc('120104', 4_242_001), '某公司', '南开区']],
      [[N.uscc, '', '南开区'], [uscc('120104', 4_242_002), '', '南开区']],
    ];
    for (const [elsewhere, missing] of pairs) expect(await errorsOf(elsewhere)).toEqual(await errorsOf(missing));
    expect(await errorsOf(pairs[0]![0])).toEqual([{ column: null, message: translate('en', 'import.error.outOfScope') }]);
    // Placed in the officer's own district, the other district's USCC gets that same answer (the unique key is all it tells).
    expect(await errorsOf([N.uscc, '某公司', '滨海新区'])).toEqual(await errorsOf(pairs[0]![1]));
  });

  it('financial and IP imports: another district\'s USCC answers like an unknown USCC', async () => {
    const unknown = uscc('120116', 4_242_003);
    const fin = await api('post', '/api/v1/imports?kind=financials', 'officer.binhai')
      .attach('file', csv([['统一社会信用代码', '年度', '营业收入（万元）'], [N.uscc, THIS_YEAR - 1, 100], [unknown, THIS_YEAR - 1, 100]]), { filename: 'f.csv', contentType: 'text/csv' })
      .expect(201);
    const rows = (body: { errors: { row: number; column: string | null; message: string }[] }, row: number) => body.errors.filter((e) => e.row === row).map(({ column, message }) => ({ column, message }));
    expect(rows(fin.body, 2)).toEqual(rows(fin.body, 3));
    expect(rows(fin.body, 2)).toHaveLength(1);
  });

  it('IP import: a number registered in another district is checked like a new number first (no early answer)', async () => {
    const ip = await api('post', `/api/v1/enterprises/${N.id}/ip-assets`, 'officer.nankai').send({ kind: 'invention-patent', number: 'ZL202610424201.X', status: 'valid' }).expect(201);
    expect(ip.body.id).toBeGreaterThan(0);
    const res = await api('post', '/api/v1/imports?kind=ip-assets', 'officer.binhai')
      .attach('file', csv([['统一社会信用代码', '知识产权编号', '类型', '状态'], [B.uscc, 'ZL202610424201.X', '', ''], [B.uscc, 'ZL202610424299.X', '', '']]), { filename: 'i.csv', contentType: 'text/csv' })
      .expect(201);
    const rows = (row: number) => (res.body.errors as { row: number; column: string | null; message: string }[]).filter((e) => e.row === row).map(({ column, message }) => ({ column, message }));
    expect(rows(2)).toEqual(rows(3));
  });

  // who creates, USCC of: own district (exists here) / other district (exists elsewhere)
  it.each([['officer.binhai'], ['admin']])('%s: creating with a USCC that exists elsewhere answers like one that exists here (409, no id, no name, no district)', async (who) => {
    const here = await api('post', '/api/v1/enterprises', who as Who).send({ uscc: B2.uscc, name: '重复测试公司', districtCode: '120116' }).expect(409);
    const there = await api('post', '/api/v1/enterprises', who as Who).send({ uscc: N.uscc, name: '重复测试公司', districtCode: '120116' }).expect(409);
    expect(norm(there.body, N.uscc)).toBe(norm(here.body, B2.uscc));
    expect(JSON.stringify(there.body)).not.toContain(String(N.id));
    expect(JSON.stringify(there.body)).not.toContain(N.name);
    expect(JSON.stringify(there.body)).not.toMatch(/Nankai|南开/);
  });

  it('HTML create: the same re-rendered form for both', async () => {
    const agent = agents['officer.binhai'];
    const post = async (u: string) => {
      const csrf = await csrfOf(agent, '/enterprises/new');
      return agent.post('/enterprises').type('form').send({ _csrf: csrf, uscc: u, name: '重复测试公司', districtCode: '120116' });
    };
    const here = await post(B2.uscc);
    const there = await post(N.uscc);
    expect([here.status, there.status]).toEqual([422, 422]);
    const errorsOf = (html: string) => [...html.matchAll(/class="invalid-feedback[^"]*">([^<]*)</g)].map((m) => m[1]);
    expect(errorsOf(there.text)).toEqual(errorsOf(here.text));
    expect(there.text).not.toContain(N.name);
  });

  it('adding an IP number registered in another district answers like one registered on one of your own files', async () => {
    await api('post', `/api/v1/enterprises/${B2.id}/ip-assets`, 'officer.binhai').send({ kind: 'invention-patent', number: 'ZL202610424202.X', status: 'valid' }).expect(201);
    const here = await api('post', `/api/v1/enterprises/${B.id}/ip-assets`, 'officer.binhai').send({ kind: 'invention-patent', number: 'ZL202610424202.X', status: 'valid' }).expect(409);
    const there = await api('post', `/api/v1/enterprises/${B.id}/ip-assets`, 'officer.binhai').send({ kind: 'invention-patent', number: 'ZL202610424201.X', status: 'valid' }).expect(409);
    expect(norm(there.body, 'ZL202610424201.X')).toBe(norm(here.body, 'ZL202610424202.X'));
  });

  // An unknown document, task or enterprise id and one of another district: same status, same body.
  const hiddenVsMissing: [string, (id: number) => [method: 'get' | 'post', path: string], () => number][] = [
    ['a file', (id) => ['get', `/api/v1/enterprises/${id}`], () => N.id],
    ['a file\'s timeline', (id) => ['get', `/api/v1/enterprises/${id}/timeline`], () => N.id],
    ['a file\'s documents', (id) => ['get', `/api/v1/enterprises/${id}/documents`], () => N.id],
    ['a task', (id) => ['post', `/api/v1/tasks/${id}/complete`], () => taskId],
  ];
  it.each(hiddenVsMissing)('%s of another district answers like a missing one (officer.nankai sees B, officer.binhai does not see N)', async (_name, route, id) => {
    const who: Who = id() === taskId ? 'officer.nankai' : 'officer.binhai';
    const [method, hiddenPath] = route(id());
    const [, missingPath] = route(2_000_000_000);
    const hidden = await api(method, hiddenPath, who).send({});
    const missing = await api(method, missingPath, who).send({});
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
  });
});
