/**
 * The comparable core of a company name, for duplicate warnings: no spaces or punctuation,
 * full-width folded to half-width, 天津市 → 天津, legal-form suffixes dropped.
 */
export function normaliseEnterpriseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(/^天津市/, '天津')
    .replace(/(股份有限公司|有限责任公司|有限公司|股份公司|集团公司|公司)$/u, '')
    .slice(0, 128);
}
