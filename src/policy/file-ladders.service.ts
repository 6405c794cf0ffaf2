import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { todayIso } from '../common/format.js';
import { ladderPanel } from '../ladder/ladder-view.js';
import { currentRung } from '../ladder/ladders.js';
import { LaddersService } from '../ladder/ladders.service.js';
import { ALL_PROGRAMS, isOneOf, type AnyProgram } from './engine/facts.js';
import { ladderStanding } from './engine/ladder.js';
import { EligibilityService } from './eligibility.service.js';

/**
 * Every configured ladder as the file page shows it: the current rung from the recognitions in
 * force today, the highest eligible rung and the gap to the next, from today's evaluation of the file.
 */
@Injectable()
export class FileLaddersService {
  constructor(private readonly eligibility: EligibilityService, private readonly ladders: LaddersService) {}

  async panels(actor: Actor, enterpriseId: number, recognitions: readonly { tier: string; validFrom: string; validUntil: string }[]) {
    const today = todayIso();
    const ladders = await this.ladders.all();
    // Only the rungs' programmes: the panels show nothing else (HNTE, super-deduction, IP pledge, post-subsidy are the eligibility page's).
    const rungs = [...new Set(ladders.flatMap((l) => l.rungs))].filter((p): p is AnyProgram => isOneOf(ALL_PROGRAMS, p));
    const response = await this.eligibility.evaluateEnterprise(actor, enterpriseId, today, rungs);
    const inForce = recognitions.filter((r) => r.validFrom <= today && r.validUntil >= today).map((r) => r.tier);
    const resultOf = (p: string) => response.results.find((r) => r.program === p) ?? null;
    return ladders.map((l) => ladderPanel(l, ladderStanding(l, resultOf, currentRung(l, inForce)), actor.locale));
  }
}
