import { Injectable } from '@nestjs/common';
import { businessToday } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { hasOwn } from '../common/own-key.js';
import { evaluate } from '../policy/engine/evaluate.js';
import { ALL_PROGRAMS, type Locale } from '../policy/engine/facts.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { handbookIndex, type HandbookProgramme } from './handbook.view.js';

/** The public policy handbook: every programme the engine knows, worded from the rule sets in force today. */
@Injectable()
export class HandbookService {
  constructor(private readonly ruleSets: RuleSetsService) {}

  async programmes(locale: Locale): Promise<{ asOf: string; items: HandbookProgramme[] }> {
    const asOf = businessToday();
    const sets = await this.ruleSets.resolve(asOf);
    // An empty file: every criterion is worded (threshold, reference, provisional) without any fact.
    const response = evaluate({ asOf, programs: ALL_PROGRAMS, facts: { enterprise: {} } }, sets, { locale });
    const info = (programme: string) => {
      if (!hasOwn(sets, programme)) return undefined;
      const rs = (sets as unknown as Record<string, { version: string; effectiveFrom?: string; provisional: readonly string[] }>)[programme]!;
      return { version: rs.version, effectiveFrom: rs.effectiveFrom, provisional: rs.provisional };
    };
    return { asOf, items: handbookIndex(response, info, locale) };
  }

  async programme(code: string, locale: Locale): Promise<{ asOf: string; item: HandbookProgramme }> {
    const { asOf, items } = await this.programmes(locale);
    const item = items.find((p) => p.programme === code);
    if (!item) throw new NotFoundError('Programme');
    return { asOf, item };
  }
}
