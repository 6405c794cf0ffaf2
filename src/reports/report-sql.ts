import { TIERS, type Tier } from '../ladder/tiers.js';
import type { DataSource } from 'typeorm';

/** The ladder's five rungs, lowest first (rules.md §1). */
export const RUNGS = TIERS;
export type Rung = Tier;

/** A rung's position (1 = tech-SME … 5 = leader, 6 = unicorn above the ladder, 0 = none) as SQL. */
export function rankSql(column: string, withUnicorn = false): string {
  const whens = RUNGS.map((t, i) => `WHEN '${t}' THEN ${i + 1}`).join(' ');
  return `(CASE ${column} ${whens}${withUnicorn ? " WHEN 'unicorn' THEN 6" : ''} ELSE 0 END)`;
}

export function rungOfRank(rank: number): Rung | null {
  return RUNGS[rank - 1] ?? null;
}

export function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}

/** A timestamp as a query parameter: SQLite stores `YYYY-MM-DD HH:MM:SS.SSS` (UTC) text. */
export function dbTime(dataSource: DataSource, d: Date): Date | string {
  return isPostgres(dataSource) ? d : d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Days between two timestamp expressions, as SQL (fractional). */
export function daysBetweenSql(dataSource: DataSource, later: string, earlier: string): string {
  return isPostgres(dataSource)
    ? `(EXTRACT(EPOCH FROM (${later} - ${earlier})) / 86400.0)`
    : `(julianday(${later}) - julianday(${earlier}))`;
}

/** Numbers from aggregates: PostgreSQL returns COUNT/SUM of BIGINT as strings. */
export const n = (v: unknown): number => (v === null || v === undefined || v === '' ? 0 : Number(v));
export const nOrNull = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

export function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return new Date(new Date(`${iso}T00:00:00Z`).getTime() + days * 86400_000).toISOString().slice(0, 10);
}

/** Whole days from a timestamp to now. */
export function ageInDays(since: Date | string | null, now: Date): number | null {
  if (!since) return null;
  const t = since instanceof Date ? since.getTime() : Date.parse(/Z$|[+-]\d\d:?\d\d$/.test(since) ? since : `${since.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((now.getTime() - t) / 86400_000));
}
