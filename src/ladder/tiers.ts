/**
 * The Tianjin cultivation ladder (rules.md §1) as the `Tier` type: its rungs are read from the
 * ladder configuration (src/ladder/ladders.ts — the `tianjin` record), its short labels too. Pure —
 * the policy engine, SQL builders, views, seeds and the bulk CLI all import from here. Code that
 * handles every ladder takes a ladder (LadderDef) instead of these constants.
 */
import { DEFAULT_LADDERS, TIANJIN_LADDER, TIANJIN_RUNGS, findLadder } from './ladders.js';

/** The five rungs, lowest first (the `tianjin` ladder's rungs). */
export const TIERS = TIANJIN_RUNGS;
export type Tier = (typeof TIERS)[number];

/** The rungs plus unicorn above them; a recognition of a higher entry decides the current tier. */
export const LADDER: readonly string[] = [...TIERS, 'unicorn'];

type Label = Readonly<{ 'zh-CN': string; en: string }>;

const tianjin = findLadder(DEFAULT_LADDERS, TIANJIN_LADDER)!;
const rungLabels = Object.fromEntries(TIERS.map((t, i) => [t, tianjin.rungNames[i]!])) as Record<Tier, Label>;

/** Short labels of the ladder's entries (and the two states shown beside them). */
export const TIER_LABELS: Readonly<Record<Tier | 'unicorn' | 'high-tech' | 'none', Label>> = {
  ...rungLabels,
  unicorn: { 'zh-CN': '独角兽企业', en: 'Unicorn' },
  'high-tech': { 'zh-CN': '高新技术企业', en: 'High-tech enterprise' },
  none: { 'zh-CN': '未入梯度', en: 'Not on the ladder' },
};

/** Catalogue entries `<prefix><tier>` for the given entries, one table per language. */
export function tierMessages(prefix: string, tiers: readonly (keyof typeof TIER_LABELS)[]): { 'zh-CN': Record<string, string>; en: Record<string, string> } {
  const out = { 'zh-CN': {} as Record<string, string>, en: {} as Record<string, string> };
  for (const t of tiers) {
    out['zh-CN'][`${prefix}${t}`] = TIER_LABELS[t]['zh-CN'];
    out.en[`${prefix}${t}`] = TIER_LABELS[t].en;
  }
  return out;
}
