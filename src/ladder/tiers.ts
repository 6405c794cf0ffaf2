/**
 * The cultivation ladder (rules.md §1): its order and its short labels, defined once. Pure — the
 * policy engine, SQL builders, views, seeds and the bulk CLI all import from here.
 */

/** The five rungs, lowest first. */
export const TIERS = ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader'] as const;
export type Tier = (typeof TIERS)[number];

/** The rungs plus unicorn above them; a recognition of a higher entry decides the current tier. */
export const LADDER: readonly string[] = [...TIERS, 'unicorn'];

type Label = Readonly<{ 'zh-CN': string; en: string }>;

/** Short labels of the ladder's entries (and the two states shown beside them). */
export const TIER_LABELS: Readonly<Record<Tier | 'unicorn' | 'high-tech' | 'none', Label>> = {
  'tech-sme': { 'zh-CN': '科技型中小企业', en: 'Tech-based SME' },
  'young-eagle': { 'zh-CN': '雏鹰企业', en: 'Young eagle' },
  gazelle: { 'zh-CN': '瞪羚企业', en: 'Gazelle' },
  'leader-candidate': { 'zh-CN': '领军（培育）企业', en: 'Leader candidate' },
  leader: { 'zh-CN': '科技领军企业', en: 'Leading enterprise' },
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
