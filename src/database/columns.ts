import type { ValueTransformer } from 'typeorm';

/**
 * Money is stored as integer fen in a BIGINT column (exact sums in SQL on both SQLite and
 * PostgreSQL) and exposed on entities as yuan. PostgreSQL returns BIGINT as a string, SQLite as
 * a number: both are accepted.
 */
export const yuanAsFen: ValueTransformer = {
  to: (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? yuan : Math.round(yuan * 100)),
  from: (fen: string | number | null) => (fen === null || fen === undefined ? null : Number(fen) / 100),
};

/** PostgreSQL returns BIGINT/COUNT as strings; ids and counts are safe JS integers here. */
export const bigintAsNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};
