/**
 * Ladders as configuration (rules.md §7, "Ladders are configuration"): a ladder is data — a code,
 * a name in both languages and its rungs in order, each rung a programme code. The records live in
 * the `ladder` / `ladder_rung` reference tables (migration 1765000001700); DEFAULT_LADDERS is the
 * same data for pure code that runs without a database (the engine's default, the bulk generator,
 * tests) and the Tianjin rungs are also the `Tier` type of tier recognitions (src/ladder/tiers.ts).
 * Pure: no framework imports.
 */

export type LadderLabel = Readonly<{ 'zh-CN': string; en: string }>;

/** What the engine needs of a ladder: its code and its rungs (programme codes), lowest first. */
export interface LadderSpec {
  code: string;
  rungs: readonly string[];
}

/** A ladder record: the spec plus its name and each rung's short name (parallel to `rungs`). */
export interface LadderDef extends LadderSpec {
  name: LadderLabel;
  rungNames: readonly LadderLabel[];
}

/** The Tianjin cultivation ladder (rules.md §1), lowest first. */
export const TIANJIN_RUNGS = ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader'] as const;
/** The national SRDI ladder (rules.md §7), lowest first. */
export const SRDI_RUNGS = ['innovative-sme', 'srdi-sme', 'little-giant'] as const;

export const TIANJIN_LADDER = 'tianjin';
export const SRDI_LADDER = 'srdi';

const l = (zh: string, en: string): LadderLabel => ({ 'zh-CN': zh, en });

/** The shipped records, in display order (the migration seeds exactly these; a test checks it). */
export const DEFAULT_LADDERS: readonly LadderDef[] = [
  {
    code: TIANJIN_LADDER,
    name: l('天津科技企业梯度培育', 'Tianjin cultivation ladder'),
    rungs: TIANJIN_RUNGS,
    rungNames: [
      l('科技型中小企业', 'Tech-based SME'),
      l('雏鹰企业', 'Young eagle'),
      l('瞪羚企业', 'Gazelle'),
      l('领军（培育）企业', 'Leader candidate'),
      l('科技领军企业', 'Leading enterprise'),
    ],
  },
  {
    code: SRDI_LADDER,
    name: l('优质中小企业梯度培育（专精特新）', 'SRDI ladder (specialised, refined, distinctive, innovative)'),
    rungs: SRDI_RUNGS,
    rungNames: [l('创新型中小企业', 'Innovative SME'), l('专精特新中小企业', 'SRDI SME'), l('专精特新“小巨人”企业', '“Little giant”')],
  },
];

/** The ladder with this code, or undefined (codes may come from a request: compared, never used as keys). */
export function findLadder<L extends LadderSpec>(ladders: readonly L[], code: unknown): L | undefined {
  return ladders.find((x) => x.code === code);
}

/** The rung's position on the ladder (0 = lowest), -1 when the programme is not one of its rungs. */
export function rungIndex(ladder: LadderSpec, programme: string | null | undefined): number {
  return programme == null ? -1 : ladder.rungs.indexOf(programme);
}

/** The short name of a rung in a language; the programme code when the ladder does not name it. */
export function rungName(ladder: LadderDef, programme: string, locale: 'zh-CN' | 'en'): string {
  const i = rungIndex(ladder, programme);
  return (i >= 0 ? ladder.rungNames[i]?.[locale] : undefined) ?? programme;
}

/**
 * The current rung from the recognitions in force (their programme codes, any order): the highest
 * rung of this ladder among them, null when none is on it. Recognitions of other ladders are ignored.
 */
export function currentRung(ladder: LadderSpec, inForce: Iterable<string>): string | null {
  let best = -1;
  for (const p of inForce) best = Math.max(best, rungIndex(ladder, p));
  return best >= 0 ? ladder.rungs[best]! : null;
}
