import { expect } from '@jest/globals';
import request from 'supertest';
import { todayIso } from '../src/common/format.js';
import { makeUscc } from '../src/database/seed/demo-seed.js';
import { Random } from '../src/database/seed/random.js';
import { tokenFor, type TestApp } from './support/app.js';
import { addDays } from '../src/common/clock.js';
import { SEEDED } from '../src/calendar/seeded-calendar.js';

/** Helpers shared by the application HTTP tests (test/applications*.spec.ts, lists, portal). */

/** A tiny but real PDF (the documents module decides the type from the bytes). */
export const PDF = Buffer.from('%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n');

export const TODAY = todayIso();

/** The working-day calendar as the migration seeds it (2025 and 2026, published): what the app counts with. */
export const CAL = SEEDED;
export const THIS_YEAR = Number(TODAY.slice(0, 4));

export function daysFrom(iso: string, days: number): string {
  return addDays(iso, days);
}

export type Who = string;

export class Api {
  readonly tokens: Record<string, string> = {};
  constructor(readonly t: TestApp) {}

  async login(...who: Who[]): Promise<void> {
    for (const w of who) this.tokens[w] = await tokenFor(this.t, w);
  }

  call(method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, who: Who) {
    const r = request(this.t.http)[method](path);
    return who === 'anonymous' ? r : r.set('Authorization', `Bearer ${this.tokens[who]}`);
  }

  get(path: string, who: Who) {
    return this.call('get', path, who);
  }

  post(path: string, who: Who, body: object = {}) {
    return this.call('post', path, who).send(body);
  }

  /** A transition; asserts the status code and returns the body. */
  async act(id: number, who: Who, action: string, expected = 200, extra: { comment?: string; data?: Record<string, unknown> } = {}) {
    const res = await this.post(`/api/v1/applications/${id}/transitions`, who, { action, ...extra });
    if (res.status !== expected) throw new Error(`${who} ${action} on ${id}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async upload(id: number, who: Who, requirement: string, expected = 201) {
    const res = await this.call('post', `/api/v1/applications/${id}/documents`, who).field('requirement', requirement).attach('file', PDF, { filename: `${requirement}.pdf`, contentType: 'application/pdf' });
    expect(res.status).toBe(expected);
    return res.body;
  }

  async uploadAll(id: number, who: Who, requirements: string[]) {
    for (const r of requirements) await this.upload(id, who, r);
  }

  /** A fresh enterprise (USCC from a seeded generator), created by an officer or admin. */
  async createEnterprise(who: Who, districtCode: string, seed: number, name: string): Promise<{ id: number; uscc: string }> {
    const uscc = makeUscc(districtCode, new Random(seed));
    const res = await this.post('/api/v1/enterprises', who, { uscc, name, districtCode, establishedOn: '2019-05-20', taxMode: 'audit', highTechField: 'electronic-information', industryCode: 'C3971' });
    if (res.status !== 201) throw new Error(`create enterprise: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, uscc };
  }

  /** An IP asset on a file (officer), returned with its id. */
  async addIp(enterpriseId: number, who: Who, body: Record<string, unknown>): Promise<number> {
    const res = await this.post(`/api/v1/enterprises/${enterpriseId}/ip-assets`, who, body);
    if (res.status !== 201) throw new Error(`add IP: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
}

export const TIER_DOCS = ['audited-statements', 'ip-certificates', 'credit-commitment'];
export const HNTE_DOCS = ['audited-statements-3y', 'rd-special-audit', 'ht-revenue-audit', 'ip-certificates', 'staff-list'];
export const SD_DOCS = ['rd-project-approval', 'rd-ledger'];
export const LOAN_DOCS = ['ip-certificates', 'fee-receipts', 'loan-application'];

export const CONTACT = { contactName: '刘经理', contactPhone: '022-23456789' };
