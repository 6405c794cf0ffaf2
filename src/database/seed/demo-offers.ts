import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../auth/actor.js';
import { now as clockNow } from '../../common/clock.js';
import { todayIso } from '../../common/format.js';
import { runMatching, type MatchSummary } from '../../offers/matching.js';
import { AuditService } from '../../audit/audit.service.js';
import { HistoryService } from '../../audit/history.service.js';
import { offerRecorder } from '../../offers/offer-audit.js';
import { PROGRAMS } from '../../policy/engine/facts.js';
import { DEFAULT_PARAMS, PROVISIONAL_PATHS } from '../../policy/engine/params.js';
import { DEFAULT_RULE_SETS, type RuleSets } from '../../policy/engine/rule-sets.js';
import { CORRECTED_VERSION } from '../../policy/rule-sets/rule-sets.service.js';

/**
 * Demo offers (issue 15): matching run once at seed, so the portal shows open offers — fast-track
 * ones for files whose every criterion rests on authoritative sources, normal ones where some
 * figure is self-reported. The seed has no batch results yet, so matching evaluates every file
 * (mode `fresh`) with the rules.md defaults the rule-set store seeds. Deterministic.
 */
export async function seedDemoOffers(dataSource: DataSource, now: Date | string = clockNow()): Promise<MatchSummary> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const ruleSets = { ...DEFAULT_RULE_SETS, ...Object.fromEntries(PROGRAMS.map((p) => [p, { version: CORRECTED_VERSION, params: DEFAULT_PARAMS[p], provisional: PROVISIONAL_PATHS[p] }])) } as RuleSets;
  return runMatching(dataSource, { asOf: today, today, ruleSets, expiryDays: 60, audit: offerRecorder(new HistoryService(new AuditService(dataSource)), SYSTEM_ACTOR), mode: 'fresh' });
}
