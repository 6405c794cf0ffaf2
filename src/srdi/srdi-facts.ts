import { RD_INSTITUTION_KINDS, type SrdiFacts } from '../policy/engine/facts.js';
import { isIsoDate } from '../policy/engine/dates.js';

/**
 * The SRDI facts a file stores one row each (rules.md §7): how each is written as text in
 * `srdi_fact.value`, checked, and read back for the engine. Pure: the service, the form, the facts
 * loader and the seed share it.
 */
export const SRDI_FACTS = [
  'nicheMarket',
  'nicheSince',
  'strategicEmergingIndustry',
  'keyChainLink',
  'srdiScore',
  'rdInstitution',
  'highValueClassI',
  'makerChinaTop500Year',
  'innovationTitle',
] as const;
export type SrdiFactName = (typeof SRDI_FACTS)[number];

type Kind = 'text' | 'date' | 'boolean' | 'score' | 'count' | 'choice' | 'yearOrNever';
export const SRDI_FACT_KINDS: Readonly<Record<SrdiFactName, Kind>> = {
  nicheMarket: 'text',
  nicheSince: 'date',
  strategicEmergingIndustry: 'boolean',
  keyChainLink: 'boolean',
  srdiScore: 'score',
  rdInstitution: 'choice',
  highValueClassI: 'count',
  makerChinaTop500Year: 'yearOrNever',
  innovationTitle: 'boolean',
};

/** The key link of a chain counts only once an officer verified it (rules.md §7.3 LG-CHAIN). */
export const VERIFIED_FACTS: readonly SrdiFactName[] = ['keyChainLink'];

export type SrdiFactValue = string | number | boolean | null;

/** The value as stored, or an English sentence (API details) when it is not acceptable. `never` is stored for "never in the top 500". */
export function encodeFact(fact: SrdiFactName, value: unknown, today: string): { ok: true; text: string } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  switch (SRDI_FACT_KINDS[fact]) {
    case 'text':
      return typeof value === 'string' && value.trim() !== '' && value.length <= 128 ? { ok: true, text: value.trim() } : bad('is not valid');
    case 'date':
      if (!isIsoDate(value)) return bad('must be a date YYYY-MM-DD');
      return value > today ? bad('must not be in the future') : { ok: true, text: value };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, text: value ? 'true' : 'false' } : bad('is not valid');
    case 'score':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100 && Math.round(value * 100) === value * 100
        ? { ok: true, text: String(value) }
        : bad('is not valid');
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000 ? { ok: true, text: String(value) } : bad('is not valid');
    case 'choice':
      return typeof value === 'string' && (RD_INSTITUTION_KINDS as readonly string[]).includes(value) ? { ok: true, text: value } : bad('is not valid');
    case 'yearOrNever':
      if (value === 'never') return { ok: true, text: 'never' };
      return typeof value === 'number' && Number.isInteger(value) && value >= 2000 && value <= Number(today.slice(0, 4))
        ? { ok: true, text: String(value) }
        : bad('is not valid');
  }
}

/** The stored text read back (undefined when unreadable: treated as unknown). */
export function decodeFact(fact: SrdiFactName, text: string): SrdiFactValue | undefined {
  switch (SRDI_FACT_KINDS[fact]) {
    case 'text':
    case 'date':
    case 'choice':
      return text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'score':
    case 'count': {
      const n = Number(text);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'yearOrNever':
      if (text === 'never') return 'never';
      return Number.isInteger(Number(text)) ? Number(text) : undefined;
  }
}

/** Sets one stored fact on the engine's SrdiFacts (an unverified key-chain answer stays unknown). */
export function applyFact(target: SrdiFacts, fact: string, text: string, verified: boolean): void {
  if (!(SRDI_FACTS as readonly string[]).includes(fact)) return;
  const name = fact as SrdiFactName;
  const v = decodeFact(name, text);
  if (v === undefined) return;
  if (VERIFIED_FACTS.includes(name) && !verified) return;
  const t = target as Record<string, unknown>;
  if (name === 'makerChinaTop500Year') t[name] = v === 'never' ? null : v;
  else t[name] = v;
}
