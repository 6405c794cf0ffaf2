import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import request from 'supertest';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * The declared success schemas against what the routes really answer (issue 20): the return-type
 * ties catch a field a mapper drops at compile time; this catches what they cannot see — a
 * required field that is undefined at run time, a null where none is declared, a wrong type after
 * JSON (dates as strings). Reads only, on the demo data: every list as admin, manager and a district
 * officer (scoped views), one item of each main resource as the admin.
 */
type Schema = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>; components: { schemas: Record<string, Schema> } };

let t: TestApp;
let doc: Doc;
let tokens: Record<string, string>;
const ROLES = ['admin', 'manager', 'officer.binhai'] as const;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/** OpenAPI 3.0 `nullable` as JSON Schema: null allowed beside the type, the enum, the ref or the alternatives. */
function jsonSchema(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonSchema);
  if (!v || typeof v !== 'object') return v;
  const out: Schema = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(x as Schema).map(([n, p]) => [n, jsonSchema(p)])) : jsonSchema(x)]));
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === 'string' && !out.allOf && !out.$ref) return { ...out, type: [out.type, 'null'] };
  delete out.type; // beside allOf/$ref it only restates the referenced object
  return { anyOf: [out, { type: 'null' }] };
}

/** The document's `#/components/...` refs, resolved against the document registered as `doc`. */
const rooted = (s: Schema): Schema => jsonSchema(JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"doc#/components/'))) as Schema;

beforeAll(async () => {
  t = await startTestApp();
  doc = (await request(t.http).get('/api/docs-json').expect(200)).body as Doc;
  ajv.addSchema(rooted({ $id: 'doc', components: doc.components } as Schema));
  tokens = Object.fromEntries(await Promise.all(ROLES.map(async (u) => [u, await tokenFor(t, u)] as const)));
});
afterAll(async () => {
  await t?.close();
});

const get = async (path: string, as: string = 'admin') => request(t.http).get(path).set('Authorization', `Bearer ${tokens[as]}`);

/** The first id of a list route (items[0].id), to read one of them. */
async function firstId(listPath: string): Promise<number | undefined> {
  const body = (await get(listPath)).body as { items?: { id: number }[] } | { id: number }[];
  return (Array.isArray(body) ? body : body.items)?.[0]?.id;
}

function check(template: string, status: number, body: unknown): string[] {
  const schema = doc.paths[template]?.get?.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return [`${template}: no schema for ${status}`];
  const validate = ajv.compile(rooted(schema));
  return validate(body) ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${template} ${e.instancePath || '/'} ${e.message ?? ''}`);
}

describe('what the GET routes answer matches the schemas they declare', () => {
  it('the check itself refuses a body that does not match (a wrong type, a missing field, an undeclared null)', () => {
    expect(check('/api/v1/ladders', 200, [{ code: 1, rungs: [] }]).length).toBeGreaterThan(0);
    expect(check('/api/v1/ladders', 200, [{ code: 'srdi' }]).length).toBeGreaterThan(0);
    expect(check('/api/v1/audit/verify', 200, { ok: true, checked: 1, brokenAt: null, head: null, triggersPresent: true, checkedAt: null }).length).toBeGreaterThan(0);
    expect(check('/api/v1/audit/verify', 200, { ok: true, checked: 1, brokenAt: null, head: null, triggersPresent: true, checkedAt: '2026-01-01T00:00:00Z' })).toEqual([]);
  });

  it.each(ROLES)('every GET without path parameters (JSON ones), as %s', async (as) => {
    const problems: string[] = [];
    let checked = 0;
    const paths = Object.keys(doc.paths).filter((p) => !!doc.paths[p]!.get && !p.includes('{') && (p.startsWith('/api/v1/') || p === '/health'));
    for (const path of paths) {
      const res = await get(path, as);
      if (!/json/.test(String(res.headers['content-type'])) || res.status >= 300) continue;
      problems.push(...check(path, res.status, res.body));
      checked++;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(as === 'admin' ? 30 : 15);
  }, 120_000);

  it.each<[string, string, string]>([
    ['/api/v1/enterprises/{id}', '/api/v1/enterprises', '/api/v1/enterprises/:id'],
    ['/api/v1/enterprises/{id}/timeline', '/api/v1/enterprises', '/api/v1/enterprises/:id/timeline'],
    ['/api/v1/enterprises/{id}/rd-ledger', '/api/v1/enterprises', '/api/v1/enterprises/:id/rd-ledger'],
    ['/api/v1/enterprises/{id}/credit-flags', '/api/v1/enterprises', '/api/v1/enterprises/:id/credit-flags'],
    ['/api/v1/enterprises/{id}/documents', '/api/v1/enterprises', '/api/v1/enterprises/:id/documents'],
    ['/api/v1/enterprises/{id}/evaluations', '/api/v1/enterprises', '/api/v1/enterprises/:id/evaluations'],
    ['/api/v1/enterprises/{id}/srdi-facts', '/api/v1/enterprises', '/api/v1/enterprises/:id/srdi-facts'],
    ['/api/v1/enterprises/{id}/kpis', '/api/v1/enterprises', '/api/v1/enterprises/:id/kpis'],
    ['/api/v1/enterprises/{id}/eligibility', '/api/v1/enterprises', '/api/v1/enterprises/:id/eligibility'],
    ['/api/v1/applications/{id}', '/api/v1/applications', '/api/v1/applications/:id'],
    ['/api/v1/batches/{id}', '/api/v1/batches', '/api/v1/batches/:id'],
    ['/api/v1/projects/{id}', '/api/v1/projects', '/api/v1/projects/:id'],
    ['/api/v1/offers/{id}', '/api/v1/offers', '/api/v1/offers/:id'],
    ['/api/v1/cultivation/pool/{id}', '/api/v1/cultivation/pool', '/api/v1/cultivation/pool/:id'],
  ])('%s', async (template, list, path) => {
    const id = await firstId(list);
    if (id === undefined) return; // nothing of that kind in the demo data
    const res = await get(path.replace(':id', String(id)));
    expect([template, res.status]).toEqual([template, 200]);
    expect(check(template, res.status, res.body)).toEqual([]);
  });
});
