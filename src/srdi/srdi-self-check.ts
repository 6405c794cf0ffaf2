import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsCalendarDate, IsPastDate } from '../common/validators.js';
import { RD_INSTITUTION_KINDS, type Facts, type SrdiFacts, type SrdiRecognitionFact, type SrdiYearFact } from '../policy/engine/facts.js';

/**
 * The self-check's SRDI questions (rules.md §7): the facts the three SRDI programmes read, as flat
 * form fields. Money in 万元 like the rest of the form (converted exactly by the caller's wanToYuan);
 * equity financing per year of the last three (srdiEquity_1 = N-1 … srdiEquity_3 = N-3).
 */
type Decorate = (target: object, key: string) => void;
const WAN_RE = /^\d{1,9}(\.\d{1,6})?$/;
const money: Decorate[] = [IsOptional(), Matches(WAN_RE, { message: 'selfCheck.wanYuan' })];
const count: Decorate[] = [IsOptional(), Matches(/^\d{1,7}$/, { message: 'selfCheck.wholeNumber' })];
const date: Decorate[] = [IsOptional(), IsCalendarDate(), IsPastDate()];
const choice = (values: readonly string[]): Decorate[] => [IsOptional(), IsIn(values)];
const BOOL = ['true', 'false'];

export const SRDI_EQUITY_YEARS = 3;
export type SrdiFieldKind = 'date' | 'until' | 'yesNo' | 'choice' | 'score' | 'count' | 'money' | 'year';

/** Field → (kind, choices). Order is the form's. */
export const SRDI_SELF_CHECK_FIELDS: readonly { name: string; kind: SrdiFieldKind; options?: readonly string[] }[] = [
  // A recognition runs into the future: any calendar date.
  { name: 'srdiInnovativeUntil', kind: 'until' },
  { name: 'srdiSpecialisedUntil', kind: 'until' },
  { name: 'srdiNicheSince', kind: 'date' },
  { name: 'srdiStrategicEmerging', kind: 'yesNo', options: BOOL },
  { name: 'srdiKeyChainLink', kind: 'yesNo', options: BOOL },
  { name: 'srdiScore', kind: 'score' },
  { name: 'srdiRdInstitution', kind: 'choice', options: RD_INSTITUTION_KINDS },
  { name: 'srdiHighValueClassI', kind: 'count' },
  { name: 'srdiMakerChinaYear', kind: 'year' },
  { name: 'srdiInnovationTitle', kind: 'yesNo', options: BOOL },
  { name: 'srdiRdStaff', kind: 'count' },
  ...Array.from({ length: SRDI_EQUITY_YEARS }, (_, i) => ({ name: `srdiEquity_${i + 1}`, kind: 'money' as const })),
];

/** The decorators of each SRDI field (merged into the self-check DTO). */
export function srdiSelfCheckFields(): Record<string, Decorate[]> {
  const out: Record<string, Decorate[]> = {};
  for (const f of SRDI_SELF_CHECK_FIELDS) {
    out[f.name] =
      f.kind === 'date' ? date
        : f.kind === 'until' ? [IsOptional(), IsCalendarDate()]
        : f.kind === 'money' ? money
          : f.kind === 'count' ? count
            : f.kind === 'score' ? [IsOptional(), Matches(/^(\d{1,2}(\.\d)?|100(\.0)?)$/, { message: 'selfCheck.score' })]
              : f.kind === 'year' ? [IsOptional(), Matches(/^20\d{2}$/, { message: 'selfCheck.wholeNumber' })]
                : choice(f.options ?? []);
  }
  return out;
}

const given = (v: string | undefined): v is string => v !== undefined && v !== null && String(v).trim() !== '';

/** The SRDI facts of a validated form for evaluation year n (undefined when no SRDI question was answered). */
export function srdiFromSelfCheck(form: Record<string, string>, n: number, wanToYuan: (raw: string) => number): SrdiFacts | undefined {
  if (!SRDI_SELF_CHECK_FIELDS.some((f) => given(form[f.name]))) return undefined;
  const s: SrdiFacts & { years: SrdiYearFact[]; recognitions: SrdiRecognitionFact[] } = { years: [], recognitions: [] };
  // A recognition "valid until" the date given (the self-check does not ask when it started).
  if (given(form.srdiInnovativeUntil)) s.recognitions.push({ program: 'innovative-sme', validUntil: form.srdiInnovativeUntil });
  if (given(form.srdiSpecialisedUntil)) s.recognitions.push({ program: 'srdi-sme', validUntil: form.srdiSpecialisedUntil });
  if (given(form.srdiNicheSince)) s.nicheSince = form.srdiNicheSince;
  if (given(form.srdiStrategicEmerging)) s.strategicEmergingIndustry = form.srdiStrategicEmerging === 'true';
  if (given(form.srdiKeyChainLink)) s.keyChainLink = form.srdiKeyChainLink === 'true';
  if (given(form.srdiScore)) s.srdiScore = Number(form.srdiScore);
  if (given(form.srdiRdInstitution)) s.rdInstitution = form.srdiRdInstitution as SrdiFacts['rdInstitution'];
  if (given(form.srdiHighValueClassI)) s.highValueClassI = Number(form.srdiHighValueClassI);
  if (given(form.srdiMakerChinaYear)) s.makerChinaTop500Year = Number(form.srdiMakerChinaYear);
  if (given(form.srdiInnovationTitle)) s.innovationTitle = form.srdiInnovationTitle === 'true';
  for (let i = 1; i <= SRDI_EQUITY_YEARS; i++) {
    const raw = form[`srdiEquity_${i}`];
    // An empty equity cell is "none" once any SRDI question is answered: the form asks it beside them.
    s.years.push({ year: n - i, equityFinancing: given(raw) ? wanToYuan(raw) : 0 });
  }
  if (given(form.srdiRdStaff)) s.years[0]!.rdStaff = Number(form.srdiRdStaff);
  return s;
}

/** The form values that reproduce a file's SRDI facts. */
export function srdiFormFromFacts(facts: Facts, n: number, yuanToWan: (yuan: number) => string): Record<string, string> {
  const s = facts.srdi;
  const form: Record<string, string> = {};
  if (!s) return form;
  const until = (program: string) => (s.recognitions ?? []).filter((r) => r.program === program && r.validUntil).map((r) => r.validUntil!).sort().pop();
  const inn = until('innovative-sme');
  if (inn) form.srdiInnovativeUntil = inn;
  const sp = until('srdi-sme');
  if (sp) form.srdiSpecialisedUntil = sp;
  if (s.nicheSince) form.srdiNicheSince = s.nicheSince;
  if (s.strategicEmergingIndustry !== undefined) form.srdiStrategicEmerging = String(s.strategicEmergingIndustry);
  if (s.keyChainLink !== undefined) form.srdiKeyChainLink = String(s.keyChainLink);
  if (s.srdiScore !== undefined) form.srdiScore = String(s.srdiScore);
  if (s.rdInstitution) form.srdiRdInstitution = s.rdInstitution;
  if (s.highValueClassI !== undefined) form.srdiHighValueClassI = String(s.highValueClassI);
  if (typeof s.makerChinaTop500Year === 'number') form.srdiMakerChinaYear = String(s.makerChinaTop500Year);
  if (s.innovationTitle !== undefined) form.srdiInnovationTitle = String(s.innovationTitle);
  for (const y of s.years ?? []) {
    const i = n - y.year;
    if (i >= 1 && i <= SRDI_EQUITY_YEARS && y.equityFinancing !== undefined) form[`srdiEquity_${i}`] = yuanToWan(y.equityFinancing);
    if (i === 1 && y.rdStaff !== undefined) form.srdiRdStaff = String(y.rdStaff);
  }
  return form;
}
