import { evaluate } from './engine/evaluate.js';
import { ALL_PROGRAMS, type Facts } from './engine/facts.js';
import type { RuleSets } from './engine/rule-sets.js';
import { compactResult, statusRow, type CompactResult, type StatusRow } from './evaluation-record.js';

export interface EntryResult {
  id: number;
  status: StatusRow;
  compact: CompactResult;
}

/** Evaluates many files without explanations (the batch path); the same code runs in worker threads. */
export function evaluateEntries(asOf: string, ruleSets: RuleSets, entries: [number, Facts][]): EntryResult[] {
  return entries.map(([id, facts]) => {
    const response = evaluate({ asOf, programs: ALL_PROGRAMS, facts }, ruleSets, { explanations: false });
    return { id, status: statusRow(id, response, null), compact: compactResult(response) };
  });
}
