import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { API_VERSION } from '../src/common/openapi.js';
/** What test/contract/client-script.ts answers (declared here: the project's type-check does not read that file). */
interface ScriptResult {
  enterprises: number;
  firstEnterprise: { id: number; name: string; districtCode: string };
  programmes: { program: string; outcome: string; unmet: string[] }[];
  nextTier: string | null;
  application: { id: number; reference: string; status: string; version: number };
}
import { startTestApp, type TestApp } from './support/app.js';

/**
 * The API as an integrator meets it (issue 20): the OpenAPI document of the running app validates,
 * every operation references the one error schema, typed success responses are counted (and may only
 * grow), and a client generated with openapi-typescript type-checks and runs.
 */
type Op = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> ; $ref?: string }>; deprecated?: boolean };
type Doc = { openapi: string; info: { version: string }; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };

let t: TestApp;
let base: string;
let doc: Doc;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Operations with a declared 2xx JSON schema: raised as responses get typed, never lowered. */
const TYPED_SUCCESS_FLOOR = 155;

const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })));
/** A 2xx with a schema, or 204 (no content is the whole answer). */
const typedSuccess = (op: Op) => Object.entries(op.responses ?? {}).some(([s, r]) => s === '204' || (/^2\d\d$/.test(s) && !!r.content && Object.values(r.content).some((c) => !!c.schema)));

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
  doc = (await request(t.http).get('/api/docs-json').expect(200)).body as Doc;
});
afterAll(async () => {
  await t?.close();
});

describe('the OpenAPI document', () => {
  it('states the API version', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.version).toBe(API_VERSION);
  });

  it('declares the api.md error shape once and references it from every operation for 400/401/403/404/409/413/415/429', () => {
    expect(doc.components.schemas.ErrorResponseDto).toBeDefined();
    for (const { path, method, op } of operations()) {
      for (const status of ['400', '401', '403', '404', '409', '413', '415', '429']) {
        const schema = op.responses?.[status]?.content?.['application/json']?.schema as { $ref?: string } | undefined;
        expect([`${method} ${path} ${status}`, schema?.$ref]).toEqual([`${method} ${path} ${status}`, '#/components/schemas/ErrorResponseDto']);
      }
    }
  });

  it(`types at least ${TYPED_SUCCESS_FLOOR} success responses (reported: typed / all)`, () => {
    const ops = operations();
    const typed = ops.filter((o) => typedSuccess(o.op));
    process.stdout.write(`OpenAPI: ${typed.length} of ${ops.length} operations declare a typed success response (${Math.round((typed.length / ops.length) * 100)}%)\n`);
    if (process.env.OPENAPI_LIST_UNTYPED) process.stdout.write(ops.filter((o) => !typedSuccess(o.op)).map((o) => `  untyped: ${o.method.toUpperCase()} ${o.path}`).join('\n') + '\n');
    expect(typed.length).toBeGreaterThanOrEqual(TYPED_SUCCESS_FLOOR);
  });

  it('names its enumerations (programmes, outcomes, statuses) as schemas', () => {
    for (const name of ['Programme', 'ProgrammeOutcome', 'CriterionOutcome', 'ApplicationStatus', 'ApplicationType', 'ChangeType']) expect(Object.keys(doc.components.schemas)).toContain(name);
  });
});

describe('a client generated from the document', () => {
  it('validates (swagger-parser), generates types (openapi-typescript), type-checks the integration script against them and runs it', async () => {
    const dir = join(process.cwd(), 'test', 'contract', 'generated');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    const run = promisify(execFile);
    // Each step exits non-zero with its message: an invalid document, or a field the script reads that is gone or mistyped.
    await run(process.execPath, [join('scripts', 'openapi-client.mjs'), join(dir, 'openapi.json'), join(dir, 'api.d.ts')], { cwd: process.cwd() });
    await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', join('test', 'contract', 'tsconfig.json')], { cwd: process.cwd() });

    // Loaded by path at run time, so the project's own type-check does not need the generated file.
    const script = './contract/client-script.js';
    const { runIntegration } = (await import(script)) as { runIntegration: (base: string, u: string, p: string, year: number) => Promise<ScriptResult> };
    const year = new Date().getUTCFullYear() + 1;
    const result = await runIntegration(base, 'officer.binhai', t.config.demoPassword, year);
    expect(result.enterprises).toBeGreaterThan(0);
    expect(result.firstEnterprise.districtCode).toBe('120116');
    expect(result.programmes.length).toBeGreaterThan(0);
    expect(result.application).toMatchObject({ id: expect.any(Number), reference: expect.stringMatching(/^[A-Z]+-\d{4}-\d{5}$/), status: 'draft' });
  }, 120_000);
});

describe('deprecation for one release', () => {
  it('flags the deprecated field in the document', () => {
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, { deprecated?: boolean }> }>;
    expect(schemas.FlagDto?.properties?.on?.deprecated).toBe(true);
    expect(schemas.CreditFlagPostDto?.properties?.on?.deprecated).toBe(true);
  });

  it.each<[string, object, boolean]>([
    ['the old spelling flags[].on', { enterprise: { flags: [{ kind: 'abnormal-operation', on: '2022-03-01' }] } }, true],
    ['the new spelling flags[].listedOn', { enterprise: { flags: [{ kind: 'abnormal-operation', listedOn: '2022-03-01' }] } }, false],
  ])('answers %s with Deprecation: %s', async (_name, body, deprecated) => {
    const token = (await request(t.http).post('/api/v1/auth/token').send({ username: 'manager', password: t.config.demoPassword }).expect(200)).body.accessToken;
    const res = await request(t.http).post('/api/v1/eligibility/evaluate').set('Authorization', `Bearer ${token}`).send(body).expect(200);
    expect(res.headers.deprecation).toBe(deprecated ? 'true' : undefined);
  });
});
