/**
 * A small integration written against the types generated from the running app's OpenAPI document
 * (openapi-typescript → test/contract/generated/api.d.ts, made by test/openapi-contract.spec.ts).
 * It signs in, lists enterprises, reads a file's eligibility and creates an application using only
 * the generated types: a response field it reads that disappears from the document fails the
 * type-check of this file (tsc -p test/contract), not a run in production.
 */
import type { paths } from './generated/api.js';

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends { responses: infer R }
  ? R extends Record<S, { content: { 'application/json': infer B } }>
    ? B
    : never
  : never;
type Body<P extends keyof paths, M extends 'post'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

type Token = Json<'/api/v1/auth/token', 'post', 200>;
type EnterprisePage = Json<'/api/v1/enterprises', 'get', 200>;
type Eligibility = Json<'/api/v1/enterprises/{id}/eligibility', 'get', 200>;
type NewApplication = Body<'/api/v1/applications', 'post'>;
type Created = Json<'/api/v1/applications', 'post', 201>;

export interface ScriptResult {
  enterprises: number;
  firstEnterprise: { id: number; name: string; districtCode: string };
  programmes: { program: string; outcome: string; unmet: string[] }[];
  nextTier: string | null;
  application: { id: number; reference: string; status: string; version: number };
}

async function call<T>(base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function runIntegration(base: string, username: string, password: string, year: number): Promise<ScriptResult> {
  const token: Token = await call<Token>(base, '/api/v1/auth/token', { method: 'POST', body: { username, password } });
  const page: EnterprisePage = await call<EnterprisePage>(base, '/api/v1/enterprises?pageSize=5&sort=name', { token: token.accessToken });
  const first = page.items[0]!;
  const eligibility: Eligibility = await call<Eligibility>(base, `/api/v1/enterprises/${first.id}/eligibility`, { token: token.accessToken });
  const request: NewApplication = { enterpriseId: first.id, type: 'high-tech-certification', year };
  const created: Created = await call<Created>(base, '/api/v1/applications', { method: 'POST', token: token.accessToken, body: request });
  return {
    enterprises: page.total,
    firstEnterprise: { id: first.id, name: first.name, districtCode: first.districtCode },
    programmes: eligibility.results.map((r) => ({ program: r.program, outcome: r.outcome, unmet: r.criteria.filter((c) => c.outcome !== 'met').map((c) => c.code) })),
    nextTier: eligibility.ladder.nextTier,
    application: { id: created.id, reference: created.reference, status: created.status, version: created.version },
  };
}
