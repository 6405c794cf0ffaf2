import { isSdAmount } from './engine/criteria.js';
import type { EntityManager } from 'typeorm';
import type { EvaluationResponse } from './engine/evaluate.js';
import type { AnyProgram } from './engine/facts.js';

/**
 * The outcome column of eligibility_status per programme. The SRDI rungs and the post-subsidy
 * (issue 16) were added later: their columns are null on rows no batch has written since.
 */
export const STATUS_COLUMNS: Readonly<Record<AnyProgram, string>> = {
  'tech-sme': 'tech_sme', 'young-eagle': 'young_eagle', gazelle: 'gazelle', 'leader-candidate': 'leader_candidate', leader: 'leader',
  'high-tech': 'high_tech', 'super-deduction': 'super_deduction',
  'innovative-sme': 'innovative_sme', 'srdi-sme': 'srdi_sme', 'little-giant': 'little_giant', 'rd-post-subsidy': 'rd_post_subsidy',
};
const OUTCOME_PROGRAMMES = Object.keys(STATUS_COLUMNS) as AnyProgram[];

/** What of a status row tells whether a batch result changed (outcomes null = that programme never evaluated on the row). */
export interface StatusFingerprint {
  outcomes: Record<string, string | null>;
  highestTier: string | null;
  nextTier: string | null;
  gapCodes: string[];
}

/** The fingerprint of a stored eligibility_status row. */
export function fingerprintOf(row: Record<string, unknown>): StatusFingerprint {
  const outcomes: Record<string, string | null> = {};
  for (const p of OUTCOME_PROGRAMMES) {
    const v = row[STATUS_COLUMNS[p]];
    outcomes[p] = v === null || v === undefined ? null : String(v);
  }
  return { outcomes, highestTier: (row.highest_tier as string) ?? null, nextTier: (row.next_tier as string) ?? null, gapCodes: String(row.gap_codes || '').split(',').filter(Boolean) };
}

/**
 * Whether a new status differs from the stored one (worth a snapshot). A programme the stored row
 * has no outcome for (null: its column came after the row was written) is its first evaluation,
 * not a change — as the first evaluation of a file is not.
 */
export function statusChanged(before: StatusFingerprint, after: { outcomes: Record<string, string>; highestTier: string | null; nextTier: string | null; gapCodes: string[] }): boolean {
  for (const p of OUTCOME_PROGRAMMES) {
    const was = before.outcomes[p];
    if (was !== null && was !== undefined && was !== (after.outcomes[p] ?? '')) return true;
  }
  return before.highestTier !== after.highestTier || before.nextTier !== after.nextTier || before.gapCodes.join(',') !== after.gapCodes.join(',');
}

/** What an evaluation stores as its result: every outcome, no sentences (they are regenerated). */
export interface CompactResult {
  programs: Record<string, { outcome: string; criteria: Record<string, string> }>;
  ladder: { highestEligibleTier: string | null; nextTier: string | null; gap: string[] };
}

export function compactResult(response: EvaluationResponse): CompactResult {
  const programs: CompactResult['programs'] = {};
  for (const r of response.results) {
    const criteria: Record<string, string> = {};
    for (const c of r.criteria) criteria[c.code] = c.outcome;
    programs[r.program] = { outcome: r.outcome, criteria };
  }
  return {
    programs,
    ladder: { highestEligibleTier: response.ladder.highestEligibleTier, nextTier: response.ladder.nextTier, gap: response.ladder.gap.map((g) => g.code) },
  };
}

/** A stable fingerprint of the outcomes, to tell whether a re-evaluation changed anything. */
export function outcomeKey(result: CompactResult): string {
  return JSON.stringify(result);
}

export interface StatusRow {
  enterpriseId: number;
  asOf: string;
  outcomes: Record<string, string>;
  highestTier: string | null;
  nextTier: string | null;
  gapCodes: string[];
  htUnmetCodes: string[];
  sdExtraDeduction: number | null;
  sdTaxSaving: number | null;
  evaluationId: number | null;
}

export function statusRow(enterpriseId: number, response: EvaluationResponse, evaluationId: number | null): StatusRow {
  const outcomes: Record<string, string> = {};
  let htUnmet: string[] = [];
  let sdExtra: number | null = null;
  let sdSaving: number | null = null;
  for (const r of response.results) {
    outcomes[r.program] = r.outcome;
    if (r.program === 'high-tech') htUnmet = r.criteria.filter((c) => c.outcome !== 'met').map((c) => c.code);
    if (r.program === 'super-deduction' && isSdAmount(r.amount)) {
      sdExtra = r.amount.extraDeduction;
      sdSaving = r.amount.taxSaving;
    }
  }
  return {
    enterpriseId, asOf: response.asOf, outcomes, highestTier: response.ladder.highestEligibleTier, nextTier: response.ladder.nextTier,
    gapCodes: response.ladder.gap.map((g) => g.code), htUnmetCodes: htUnmet, sdExtraDeduction: sdExtra, sdTaxSaving: sdSaving, evaluationId,
  };
}

const COLUMNS = ['enterprise_id', 'as_of', ...OUTCOME_PROGRAMMES.map((p) => STATUS_COLUMNS[p]), 'highest_tier', 'next_tier', 'gap_count', 'gap_codes', 'ht_unmet_count', 'ht_unmet_codes', 'sd_extra_deduction', 'sd_tax_saving', 'evaluation_id', 'evaluated_at'];

/**
 * Upserts the latest-eligibility rows in multi-row statements (INSERT … ON CONFLICT works on both
 * SQLite ≥ 3.24 and PostgreSQL). A row keeps its evaluation id when this write brings none.
 */
export async function upsertStatus(manager: EntityManager, rows: StatusRow[], now = new Date()): Promise<void> {
  const pg = manager.dataSource.options.type === 'postgres';
  // Stay under the bound-parameter limits (SQLite 32766, PostgreSQL 65535).
  const perStatement = Math.floor(30000 / COLUMNS.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => {
      const values = [
        r.enterpriseId, r.asOf, ...OUTCOME_PROGRAMMES.map((p) => r.outcomes[p] ?? ''), r.highestTier, r.nextTier, r.gapCodes.length,
        r.gapCodes.join(',').slice(0, 255), r.htUnmetCodes.length, r.htUnmetCodes.join(',').slice(0, 255),
        r.sdExtraDeduction === null ? null : Math.round(r.sdExtraDeduction * 100), r.sdTaxSaving === null ? null : Math.round(r.sdTaxSaving * 100),
        r.evaluationId, pg ? now : now.toISOString().replace('T', ' ').replace('Z', ''),
      ];
      const base = params.length;
      params.push(...values);
      return `(${values.map((_, j) => (pg ? `$${base + j + 1}` : '?')).join(',')})`;
    });
    const updates = COLUMNS.filter((c) => c !== 'enterprise_id').map((c) =>
      c === 'evaluation_id' ? `evaluation_id = COALESCE(excluded.evaluation_id, eligibility_status.evaluation_id)` : `${c} = excluded.${c}`,
    );
    await manager.query(`INSERT INTO eligibility_status (${COLUMNS.join(',')}) VALUES ${tuples.join(',')} ON CONFLICT (enterprise_id) DO UPDATE SET ${updates.join(', ')}`, params);
  }
}
