/**
 * Credit status as stored facts (pure, no framework): which flag kinds are list entries that can be
 * removed (经营异常名录, 严重违法失信名单) and which are dated events, and whether a flag is in force.
 */
export const LISTING_KINDS = ['abnormal-operation', 'serious-dishonesty'] as const;
export type FlagCategory = 'listing' | 'event';

export function flagCategory(kind: string): FlagCategory {
  return (LISTING_KINDS as readonly string[]).includes(kind) ? 'listing' : 'event';
}

/** A listing is in force on `date` when listed on or before it and not removed on or before it. */
export function listedOn(flag: { listedOn: string; removedOn?: string | null }, date: string): boolean {
  return flag.listedOn <= date && !(flag.removedOn && flag.removedOn <= date);
}

export interface StoredFlag {
  kind: string;
  listedOn: string;
  removedOn?: string | null;
}

/**
 * The engine fact of a stored flag at `asOf` (api.md: `listedOn`/`removedOn` besides `on`), or null
 * when it must not count. Until the engine reads listedOn/removedOn itself, `on` carries the date
 * the current engine should see: a listing removed on or before asOf is dropped (not in force); a
 * listing still in force is dated asOf ("listed on the evaluation date"), so an old listing never
 * falls out of the look-back window while it stands; events keep their own date.
 */
export function flagFact(flag: StoredFlag, asOf: string): { kind: string; on: string; listedOn: string; removedOn?: string } | null {
  const base = { kind: flag.kind, listedOn: flag.listedOn, ...(flag.removedOn ? { removedOn: flag.removedOn } : {}) };
  if (flagCategory(flag.kind) === 'event') return { ...base, on: flag.listedOn };
  if (flag.listedOn > asOf) return { ...base, on: flag.listedOn }; // not yet on record: the engine ignores dates after asOf
  if (!listedOn(flag, asOf)) return null;
  return { ...base, on: asOf };
}
