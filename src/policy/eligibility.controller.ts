import { Controller, Get, Param, ParseIntPipe, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { CRITERION_LABELS, PROGRAM_LABELS, PROGRAM_OUTCOME_LABELS, OUTCOME_LABELS, TIER_LABELS } from './engine/labels.js';
import { EligibilityQueryDto } from './eligibility.dto.js';
import { EligibilityService } from './eligibility.service.js';

const display = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** The eligibility panel of a file: every programme, every criterion, and the gap to the next rung. */
@ApiExcludeController()
@Controller('enterprises')
export class EligibilityController {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly enterprises: EnterprisesService,
  ) {}

  @Get(':id/eligibility')
  @Render('policy/eligibility')
  async panel(@CurrentActor() actor: Actor, @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') })) id: number, @Query() query: EligibilityQueryDto) {
    const enterprise = await this.enterprises.get(actor, id);
    const result = await this.eligibility.evaluateEnterprise(actor, id, query.asOf);
    const locale = actor.locale;
    const label = (map: Record<string, Record<string, string>>, key: string | null) => (key && map[key] ? map[key][locale] : key ?? '—');
    return {
      title: `${enterprise.name} · ${translate(locale, 'eligibility.title')}`,
      enterprise: { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc },
      asOf: result.asOf,
      evaluationYear: result.evaluationYear,
      ladder: {
        highest: label(TIER_LABELS, result.ladder.highestEligibleTier),
        next: label(TIER_LABELS, result.ladder.nextTier),
        gap: result.ladder.gap.map((g) => ({ code: g.code, label: label(CRITERION_LABELS, g.code), outcome: g.outcome, explanation: g.explanation })),
      },
      programs: result.results.map((r) => ({
        program: r.program,
        label: label(PROGRAM_LABELS, r.program),
        outcome: r.outcome,
        outcomeLabel: label(PROGRAM_OUTCOME_LABELS, r.outcome),
        provisional: r.ruleSet.provisional,
        version: r.ruleSet.version,
        criteria: r.criteria.map((c) => ({
          code: c.code,
          label: label(CRITERION_LABELS, c.code),
          outcome: c.outcome,
          outcomeLabel: label(OUTCOME_LABELS, c.outcome),
          actual: display(c.actual),
          required: c.required,
          explanation: c.explanation,
          provisional: !!c.provisional,
          sub: !!c.partOf,
        })),
      })),
    };
  }
}
