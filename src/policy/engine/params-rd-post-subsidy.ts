import type { RdPostSubsidyParams } from './params-shapes.js';

export type { RdPostSubsidyParams } from './params-shapes.js';

/** rules.md §12: Tianjin programme rules (provisional), effective 2023-01-01. */
export const RD_POST_SUBSIDY_DOCUMENT_DATE = '2023-01-01';
const DOC = 'Tianjin programme rules (provisional)';

export const RD_POST_SUBSIDY_REFERENCES: Readonly<Record<string, string>> = {
  'RP-REG': DOC,
  'RP-STATUS': DOC,
  'RP-CLAIMED': DOC,
  'RP-GROWTH': DOC,
};

/** rules.md §8 as numbers (shipped as rule-set version 2026.4, effective 2023-01-01). */
export const RD_POST_SUBSIDY_DEFAULT_PARAMS: RdPostSubsidyParams = {
  edition: 2,
  references: RD_POST_SUBSIDY_REFERENCES,
  rate: 0.1,
  cap: 1_000_000,
};

/** "All numbers provisional" (rules.md §8). */
export const RD_POST_SUBSIDY_PROVISIONAL_PATHS: readonly string[] = ['rate', 'cap'];
