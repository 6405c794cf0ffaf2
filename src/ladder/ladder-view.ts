import { ownValue } from '../common/own-key.js';
import type { LadderStanding, RungOutcome } from '../policy/engine/ladder.js';
import { CRITERION_LABELS } from '../policy/engine/labels.js';
import { rungName, type LadderDef } from './ladders.js';

type Locale = 'zh-CN' | 'en';

/**
 * The view model of one ladder on the file page: each rung with its outcome and marks for the
 * current and the highest eligible rung, and the gap to the next rung. Pure.
 */
export function ladderPanel(ladder: LadderDef, standing: LadderStanding, locale: Locale) {
  const name = (p: string | null) => (p ? rungName(ladder, p, locale) : null);
  const outcomeOf = (p: string | null): RungOutcome | null => (p ? standing.rungs.find((r) => r.programme === p)?.outcome ?? null : null);
  return {
    code: ladder.code,
    name: ladder.name[locale],
    current: name(standing.currentRung),
    highestEligible: name(standing.highestEligibleRung),
    next: name(standing.nextRung),
    nextNotEvaluated: outcomeOf(standing.nextRung) === 'not-evaluated',
    rungs: standing.rungs.map((r) => ({
      programme: r.programme,
      name: rungName(ladder, r.programme, locale),
      outcome: r.outcome,
      current: r.programme === standing.currentRung,
      eligible: r.outcome === 'eligible',
    })),
    gap: standing.gap.map((g) => ({ code: g.code, label: ownValue(CRITERION_LABELS as Record<string, Record<Locale, string>>, g.code)?.[locale] ?? g.code, outcome: g.outcome, explanation: g.explanation })),
  };
}
