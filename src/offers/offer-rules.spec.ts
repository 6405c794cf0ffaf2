import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import { addDays } from '../common/clock.js';
import { STATUS_COLUMNS } from '../policy/evaluation-record.js';
import { claimSql, params, roundOpenSql } from './matching.js';
import { OFFER_MACHINE } from './offer-machine.js';
import { applicationFor, expiryOf, footings, intakeStatus, isFastTrack, OFFER_PROGRAMMES, toVerify, withdrawReason, type Footing } from './offer-rules.js';
import { decideOffers, decideRespond, offersCan, type OfferAction } from './offer.policy.js';
import { medianDays } from './take-up.js';

describe('footing of one met criterion, by the sources of its facts (rules.md §0)', () => {
  const cases: [string, string[], Footing][] = [
    ['TS-SIZE', ['tax'], 'authoritative'],
    ['TS-SIZE', ['statistics'], 'authoritative'],
    ['TS-SIZE', ['officer'], 'authoritative'],
    ['TS-SIZE', ['officer', 'tax'], 'authoritative'],
    ['TS-SIZE', ['enterprise'], 'self-reported'],
    ['TS-SIZE', ['officer', 'enterprise'], 'self-reported'],
    ['TS-SIZE', ['import'], 'self-reported'],
    ['TS-SIZE', [], 'unrecorded'],
    ['HT-IP', ['ip-office'], 'authoritative'],
    ['YE-CREDIT', ['credit-china'], 'authoritative'],
    ['SD-LEDGER', ['tax'], 'authoritative'],
    ['SD-LEDGER', ['enterprise'], 'self-reported'],
    ['TS-AGE', [], 'registration'],
  ];
  it.each(cases)('%s on %j → %s', (code, sources, footing) => expect(footings([{ code, outcome: 'met', sources }])[0]!.footing).toBe(footing));
});

describe('fast track: every deciding criterion met on authoritative facts', () => {
  const c = (code: string, sources: string[], outcome = 'met', extra: Record<string, unknown> = {}) => ({ code, outcome, sources, ...extra });
  const cases: [string, ReturnType<typeof c>[], boolean][] = [
    ['all tax and officer', [c('TS-SIZE', ['tax']), c('TS-SCORE', ['officer', 'ip-office'])], true],
    ['registration only besides', [c('TS-AGE', []), c('TS-SIZE', ['tax'])], true],
    ['one self-reported figure', [c('TS-SIZE', ['enterprise']), c('TS-SCORE', ['officer'])], false],
    ['one unrecorded source', [c('TS-SIZE', []), c('TS-SCORE', ['officer'])], false],
    ['an import only', [c('HT-IP', ['import'])], false],
    ['an unmet alternative covered by a met one', [c('TS-SCORE', ['officer'], 'unmet', { anyOf: ['TS-SCORE', 'TS-DIRECT'] }), c('TS-DIRECT', ['ip-office'], 'met', { anyOf: ['TS-SCORE', 'TS-DIRECT'] })], true],
    ['a self-reported sub-criterion only informs', [c('YE-PATH', ['ip-office']), c('YE-PATH-IP', ['enterprise'], 'unmet', { partOf: 'YE-PATH' })], true],
    ['an unmet criterion', [c('TS-SIZE', ['tax'], 'unmet')], false],
    ['no criteria at all', [], false],
  ];
  it.each(cases)('%s → %s', (_name, criteria, expected) => expect(isFastTrack(footings(criteria))).toBe(expected));

  it('lists the self-reported and unrecorded criteria for the officer to verify', () => {
    const f = footings([c('TS-SIZE', ['enterprise']), c('TS-SCORE', []), c('TS-AGE', []), c('HT-IP', ['ip-office'])]);
    // TS-AGE reads the registration only; TS-SCORE reads figures whose source was not recorded.
    expect(toVerify(f).map((x) => x.code)).toEqual(['TS-SIZE', 'TS-SCORE']);
    expect(toVerify(footings([c('HT-IP', ['ip-office'])])).map((x) => x.code)).toEqual([]);
  });
});

describe('what accepting files', () => {
  const cases: [string, number, string, string | null, number][] = [
    ['tech-sme', 2026, 'tier-recognition', 'tech-sme', 2026],
    ['gazelle', 2026, 'tier-recognition', 'gazelle', 2026],
    ['high-tech', 2026, 'high-tech-certification', null, 2026],
    ['super-deduction', 2026, 'super-deduction-precheck', null, 2025],
  ];
  it.each(cases)('%s %i → %s %s %i', (p, y, type, tier, year) => expect(applicationFor(p as never, y)).toEqual({ type, tier, year }));

  // The SRDI rungs file an srdi-recognition with the rung; the post-subsidy the round of last year.
  const more: [string, number, string, string | null, number][] = [
    ['innovative-sme', 2026, 'srdi-recognition', 'innovative-sme', 2026],
    ['srdi-sme', 2026, 'srdi-recognition', 'srdi-sme', 2026],
    ['little-giant', 2026, 'srdi-recognition', 'little-giant', 2026],
    ['rd-post-subsidy', 2026, 'rd-post-subsidy', null, 2025],
  ];
  it.each(more)('%s %i → %s (rung %s) %i', (p, y, type, rung, year) => expect(applicationFor(p as never, y)).toEqual({ type, tier: null, year, ...(rung ? { rung } : {}) }));

  const intake: [string, boolean, boolean, string][] = [
    ['tier-recognition', false, false, 'district-review'],
    ['tier-recognition', true, false, 'municipal-review'],
    ['tier-recognition', true, true, 'public-notice'],
    ['tier-recognition', false, true, 'district-review'],
    ['high-tech-certification', true, false, 'municipal-review'],
    ['high-tech-certification', false, false, 'district-review'],
    ['super-deduction-precheck', true, true, 'submitted'],
    ['super-deduction-precheck', false, false, 'submitted'],
    ['srdi-recognition', true, true, 'public-notice'],
    ['srdi-recognition', false, false, 'district-review'],
    ['rd-post-subsidy', true, true, 'municipal-review'],
    ['rd-post-subsidy', false, false, 'district-review'],
  ];
  it.each(intake)('%s fast=%s automatic=%s → %s', (type, fast, automatic, status) => expect(intakeStatus(type as never, fast, automatic)).toBe(status));
});

describe('expiry and withdrawal', () => {
  const cases: [number, string, number, string][] = [
    [2026, '2026-03-01', 60, '2026-04-30'],
    [2026, '2026-12-01', 60, '2026-12-31'],
    [2026, '2026-12-31', 1, '2026-12-31'],
  ];
  it.each(cases)('year %i made %s, %i days → %s', (year, made, days, expected) => expect(expiryOf(year, made, days, addDays)).toBe(expected));

  const reasons: [string, boolean, string | null][] = [
    ['eligible', false, null], ['eligible', true, 'claimed'], ['ineligible', false, 'no-longer-eligible'], ['incomplete', true, 'claimed'], ['', false, 'no-longer-eligible'],
  ];
  it.each(reasons)('outcome %s claimed=%s → %s', (outcome, claimed, reason) => expect(withdrawReason(outcome, claimed)).toBe(reason));

  // The post-subsidy's round closed (published, or none for the year): withdrawn unless claimed.
  const rounds: [string, boolean, boolean, string | null][] = [
    ['eligible', false, true, null], ['eligible', false, false, 'round-closed'], ['eligible', true, false, 'claimed'], ['ineligible', false, false, 'round-closed'],
  ];
  it.each(rounds)('outcome %s claimed=%s roundOpen=%s → %s', (outcome, claimed, open, reason) => expect(withdrawReason(outcome, claimed, open)).toBe(reason));
});

describe('the programmes matching offers (rules.md §11)', () => {
  it('are the Tianjin tiers, HNTE, the super-deduction, the SRDI rungs and the post-subsidy, in that order', () => expect(OFFER_PROGRAMMES).toEqual([
    'tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'high-tech', 'super-deduction', 'innovative-sme', 'srdi-sme', 'little-giant', 'rd-post-subsidy',
  ]));
  const columns: [string, string][] = [
    ['tech-sme', 'tech_sme'], ['super-deduction', 'super_deduction'], ['innovative-sme', 'innovative_sme'], ['srdi-sme', 'srdi_sme'], ['little-giant', 'little_giant'], ['rd-post-subsidy', 'rd_post_subsidy'],
  ];
  it.each(columns)('%s reads eligibility_status.%s', (p, col) => expect(STATUS_COLUMNS[p as never]).toBe(col));
  it('every programme has a column', () => expect(OFFER_PROGRAMMES.filter((p) => !STATUS_COLUMNS[p])).toEqual([]));
});

describe('the offer state machine', () => {
  const cases: [string, string, string, string][] = [
    ['open', 'accept', 'enterprise', 'accepted'],
    ['open', 'decline', 'enterprise', 'declined'],
    ['open', 'withdraw', 'admin', 'withdrawn'],
    ['open', 'expire', 'admin', 'expired'],
    ['withdrawn', 'reopen', 'admin', 'open'],
    ['open', 'accept', 'officer', 'role'],
    ['accepted', 'accept', 'enterprise', 'status'],
    ['declined', 'reopen', 'admin', 'status'],
    ['open', 'approve', 'admin', 'unknown-action'],
  ];
  it.each(cases)('%s --%s (%s)--> %s', (from, action, role, expected) => {
    const r = OFFER_MACHINE.resolve(from as never, action, role as never, null);
    expect(r.ok ? r.rule.to : r.reason).toBe(expected);
  });
});

describe('offer policy', () => {
  const actor = (role: string): Actor => ({ userId: 7, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: role === 'enterprise' ? 3 : null, locale: 'en' }) as Actor;
  const cases: [string, OfferAction, boolean][] = [
    ['admin', 'match', true], ['manager', 'match', true], ['officer', 'match', false], ['enterprise', 'match', false],
    ['officer', 'takeUp', true], ['enterprise', 'takeUp', false], ['auditor', 'read', false], ['enterprise', 'read', true], ['toString', 'read', false],
  ];
  it.each(cases)('%s %s → %s', (role, action, expected) => expect(offersCan(actor(role), action)).toBe(expected));
  it.each([
    ['enterprise', 'open', 'accept', true, undefined], ['officer', 'open', 'accept', false, 403], ['enterprise', 'accepted', 'accept', false, 409], ['enterprise', 'declined', 'decline', false, 409],
  ] as [string, string, 'accept' | 'decline', boolean, number | undefined][])('%s answers a %s offer (%s) → %s %s', (role, status, action, allowed, code) => {
    const d = decideRespond(actor(role), { status: status as never }, action);
    expect(d.allowed).toBe(allowed);
    if (!d.allowed) expect(d.status).toBe(code);
  });
  it('denials carry a catalogue key', () => expect(decideOffers(actor('officer'), 'match')).toMatchObject({ allowed: false, status: 403, messageKey: 'offer.denied.match' }));
});

describe('SQL fragments', () => {
  it.each(['tech-sme', 'high-tech', 'super-deduction', 'srdi-sme', 'rd-post-subsidy'])('claimSql(%s) numbers its placeholders in the order they appear', (p) => {
    const q = params(true);
    q.ph('before');
    const text = claimSql(p as never, 2026, q.ph);
    const order = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBe(2);
  });

  // What counts as claimed: [programme, values bound in order, recognition checked, round claim checked].
  const claims: [string, unknown[], boolean, boolean][] = [
    ['gazelle', ['tier-recognition', 2026, 'gazelle', 'gazelle', '2026-12-31', '2026-01-01'], true, false],
    ['super-deduction', ['super-deduction-precheck', 2025], false, false],
    ['innovative-sme', ['srdi-recognition', 2026, 'innovative-sme', 'innovative-sme', '2026-12-31', '2026-01-01'], true, false],
    ['little-giant', ['srdi-recognition', 2026, 'little-giant', 'little-giant', '2026-12-31', '2026-01-01'], true, false],
    ['rd-post-subsidy', ['rd-post-subsidy', 2025, 2025], false, true],
  ];
  it.each(claims)('claimSql(%s) binds %j (recognition %s, round claim %s)', (p, values, recognition, roundClaim) => {
    const q = params(false);
    const text = claimSql(p as never, 2026, q.ph);
    expect(q.values).toEqual(values);
    expect(text.includes('FROM recognition')).toBe(recognition);
    expect(text.includes('FROM rd_post_subsidy_claim')).toBe(roundClaim);
  });

  const rounds: [string, string, unknown[]][] = [
    ['tech-sme', '1 = 1', []],
    ['srdi-sme', '1 = 1', []],
    ['rd-post-subsidy', "EXISTS (SELECT 1 FROM rd_post_subsidy_round rr WHERE rr.year = ? AND rr.status <> 'published')", [2025]],
  ];
  it.each(rounds)('roundOpenSql(%s) → %s %j', (p, sql, values) => {
    const q = params(false);
    expect(roundOpenSql(p as never, 2026, q.ph)).toBe(sql);
    expect(q.values).toEqual(values);
  });

  const medians: [number[], number | null][] = [[[], null], [[3], 3], [[1, 3], 2], [[5, 1, 3], 3], [[0.25, 0.5], 0.4]];
  it.each(medians)('median of %j → %s', (values, expected) => expect(medianDays(values)).toBe(expected));
});
