import { scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { ALLOW, forbid, hidden, type Decision } from '../common/policy.js';
import { verdictDecision } from '../common/state-machine.js';
import type { RdPostSubsidyRound } from './rd-post-subsidy.entities.js';
import { roundMachine, type RoundGuardFacts } from './round-machine.js';

/**
 * Who may do what with the R&D post-subsidy (rules.md §8): managers and admins run the rounds (create,
 * calculate, publish, record payments — the round machine's roles); officers read their district's
 * claims; an enterprise its own. Pure: the service enforces these, the page asks for its buttons.
 */
export function decideRunRounds(actor: Actor): Decision {
  const v = roundMachine.decide('open', 'calculate', actor.role, undefined);
  return v.allowed ? ALLOW : forbid('rdps.denied.run', 'Managers run the post-subsidy rounds');
}

/** Reading rounds and claims: bureau staff with an area and enterprises (their own claims). */
export function decideReadClaims(actor: Actor): Decision {
  return scopeOf(actor).kind === 'none' ? forbid('rdps.denied.read', 'Your role may not read post-subsidy claims') : ALLOW;
}

/** The SQL-able sight of claims: all, districts, or one enterprise. */
export function claimSight(actor: Actor): { kind: 'all' } | { kind: 'districts'; districtCodes: string[] } | { kind: 'enterprise'; enterpriseId: number } | { kind: 'none' } {
  const s = scopeOf(actor);
  if (s.kind === 'area') return { kind: 'districts', districtCodes: s.districtCodes };
  return s;
}

/** A round's action by this actor (403 role, 409 status or guard). */
export function decideRound(actor: Actor, round: RdPostSubsidyRound, action: string, facts: RoundGuardFacts): Decision {
  return verdictDecision(roundMachine.decide(round.status, action, actor.role, undefined, facts));
}

/** The page's buttons: disabled ones carry their reason key. */
export function roundOptions(actor: Actor, round: RdPostSubsidyRound, facts: RoundGuardFacts) {
  return roundMachine
    .options(round.status, actor.role, undefined, facts)
    .map((v) => ({ action: v.action, allowed: v.allowed, reasonKey: v.allowed ? null : v.veto.messageKey }));
}

/** An unknown round or claim, or one outside the actor's sight. */
export const HIDDEN_ROUND = hidden('Round');
export const HIDDEN_CLAIM = hidden('Claim');
