import { describe, expect, it } from '@jest/globals';
import { fingerprintOf, statusChanged, STATUS_COLUMNS } from './evaluation-record.js';

/** A stored eligibility_status row as the driver returns it (the issue-16 columns null unless given). */
const stored = (patch: Record<string, unknown> = {}) => ({
  enterprise_id: 1, tech_sme: 'eligible', young_eagle: 'ineligible', gazelle: 'ineligible', leader_candidate: 'ineligible', leader: 'ineligible',
  high_tech: 'incomplete', super_deduction: 'eligible', innovative_sme: null, srdi_sme: null, little_giant: null, rd_post_subsidy: null,
  highest_tier: 'tech-sme', next_tier: 'young-eagle', gap_codes: 'YE-AGE', ...patch,
});
const OLD = { 'tech-sme': 'eligible', 'young-eagle': 'ineligible', gazelle: 'ineligible', 'leader-candidate': 'ineligible', leader: 'ineligible', 'high-tech': 'incomplete', 'super-deduction': 'eligible' };
const NEW = { 'innovative-sme': 'eligible', 'srdi-sme': 'incomplete', 'little-giant': 'ineligible', 'rd-post-subsidy': 'eligible' };
const fresh = (outcomes: Record<string, string>, patch: Partial<{ highestTier: string | null; nextTier: string | null; gapCodes: string[] }> = {}) =>
  ({ outcomes, highestTier: 'tech-sme', nextTier: 'young-eagle', gapCodes: ['YE-AGE'], ...patch });

describe('eligibility_status columns', () => {
  it('has one per programme the batch evaluates, the issue-16 ones included', () => expect(Object.values(STATUS_COLUMNS)).toEqual([
    'tech_sme', 'young_eagle', 'gazelle', 'leader_candidate', 'leader', 'high_tech', 'super_deduction', 'innovative_sme', 'srdi_sme', 'little_giant', 'rd_post_subsidy',
  ]));
});

describe('whether a batch result changed the stored status (a snapshot is stored when it did)', () => {
  const cases: [string, boolean, Record<string, unknown>, ReturnType<typeof fresh>][] = [
    ['a row from before the new columns, same old outcomes: the first SRDI outcomes are no change', false, {}, fresh({ ...OLD, ...NEW })],
    ['a row from before the new columns, an old outcome moved', true, {}, fresh({ ...OLD, 'high-tech': 'eligible', ...NEW })],
    ['a row with the new columns, nothing moved', false, { innovative_sme: 'eligible', srdi_sme: 'incomplete', little_giant: 'ineligible', rd_post_subsidy: 'eligible' }, fresh({ ...OLD, ...NEW })],
    ['a row with the new columns, a rung moved', true, { innovative_sme: 'eligible', srdi_sme: 'incomplete', little_giant: 'ineligible', rd_post_subsidy: 'eligible' }, fresh({ ...OLD, ...NEW, 'srdi-sme': 'eligible' })],
    ['a row with the post-subsidy not evaluated (empty), now evaluated', true, { innovative_sme: 'eligible', srdi_sme: 'incomplete', little_giant: 'ineligible', rd_post_subsidy: '' }, fresh({ ...OLD, ...NEW })],
    ['the next tier moved', true, {}, fresh({ ...OLD }, { nextTier: 'gazelle' })],
    ['the gap moved', true, {}, fresh({ ...OLD }, { gapCodes: ['YE-AGE', 'YE-RD'] })],
  ];
  it.each(cases)('%s → changed %s', (_name, changed, row, now) => expect(statusChanged(fingerprintOf(stored(row)), now)).toBe(changed));
});
