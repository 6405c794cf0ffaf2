import { pastDateProblem } from '../common/date-range.js';
import type { Facts, FinancialYear } from './engine/facts.js';
import { HIGH_TECH_FIELDS, TAX_MODES } from './engine/facts.js';

/** The figures the self-check form asks for each of the last three fiscal years. */
export const SELF_CHECK_FIGURES = [
  'operatingRevenue', 'salesRevenue', 'mainBusinessRevenue', 'totalIncome', 'highTechRevenue', 'rdExpense', 'rdExpenseDomestic',
  'totalCostAndExpense', 'totalAssets', 'employees', 'stStaff', 'transformedAchievements',
] as const;
const COUNTS = new Set(['employees', 'stStaff', 'transformedAchievements']);
export const SELF_CHECK_IP = ['invention-patent', 'utility-model', 'software-copyright', 'design-patent'] as const;

export type SelfCheckForm = Record<string, string>;

/**
 * Turns the self-check form (flat strings) into engine facts, with field messages for anything
 * that is not a number. Nothing is stored: the form is a calculator.
 */
export function factsFromSelfCheck(form: SelfCheckForm, n: number): { facts: Facts; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = (name: string, integer: boolean): number | undefined => {
    const raw = (form[name] ?? '').replace(/,/g, '').trim();
    if (raw === '') return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)) || v > 1e13) {
      errors[name] = integer ? 'selfCheck.wholeNumber' : 'selfCheck.amount';
      return undefined;
    }
    return v;
  };
  const financials: FinancialYear[] = [];
  for (const year of [n - 3, n - 2, n - 1]) {
    const fy: Record<string, number> = { year };
    for (const f of SELF_CHECK_FIGURES) {
      const v = number(`${f}_${year}`, COUNTS.has(f));
      if (v !== undefined) fy[f] = v;
    }
    if (Object.keys(fy).length > 1) financials.push(fy as unknown as FinancialYear);
  }
  const ipAssets: NonNullable<Facts['ipAssets']>[number][] = [];
  for (const kind of SELF_CHECK_IP) {
    const count = number(`ip_${kind}`, true) ?? 0;
    for (let i = 0; i < Math.min(count, 500); i++) {
      ipAssets.push({ kind, status: 'valid', acquisition: 'own', relatedToMainProducts: true, usedInHighTechApplication: false } as never);
    }
  }
  const qualifications: NonNullable<Facts['qualifications']>[number][] = [];
  const today = `${n}-01-01`;
  if (form.hnte === 'on') qualifications.push({ kind: 'hnte-certificate', on: `${n - 1}-01-01`, validUntil: `${n + 2}-01-01` } as never);
  if (form.software === 'on') {
    qualifications.push({ kind: 'software-enterprise-certificate', on: today } as never, { kind: 'software-product-certificate', on: today } as never);
  }
  const venture = number('venture', false);
  if (venture) qualifications.push({ kind: 'venture-investment', on: `${n - 1}-06-30`, amount: venture } as never);
  const established = (form.establishedOn ?? '').trim();
  if (established && !/^\d{4}-\d{2}-\d{2}$/.test(established)) errors.establishedOn = 'validation.invalid';
  // A founding date is a past event: 1900-01-01 … today (Beijing).
  else if (established) {
    const problem = pastDateProblem(established);
    if (problem) errors.establishedOn = problem;
  }
  // Any six-digit division code: whether it is in Tianjin is the REG criterion's call (its prefix is reference data).
  const enterprise: Facts['enterprise'] = { districtCode: /^\d{6}$/.test(form.districtCode ?? '') ? form.districtCode : undefined, flags: [] };
  if (established && !errors.establishedOn) enterprise.establishedOn = established;
  if (/^[A-T]\d{2,4}$/.test(form.industryCode ?? '')) enterprise.industryCode = form.industryCode;
  if ((TAX_MODES as readonly string[]).includes(form.taxMode)) enterprise.taxMode = form.taxMode as never;
  if ((HIGH_TECH_FIELDS as readonly string[]).includes(form.highTechField)) enterprise.highTechField = form.highTechField as never;
  if (form.rdLedger === 'true' || form.rdLedger === 'false') enterprise.rdLedger = form.rdLedger === 'true';
  if (form.restrictedCategory === 'true' || form.restrictedCategory === 'false') enterprise.restrictedCategory = form.restrictedCategory === 'true';
  if (form.abnormal === 'on') (enterprise.flags as object[]).push({ kind: 'abnormal-operation', on: `${n - 1}-06-30` });
  return { facts: { enterprise, financials, ipAssets, qualifications }, errors };
}

/** The form values that reproduce stored facts (to prefill the self-check from a file). */
export function formFromFacts(facts: Facts, n: number): SelfCheckForm {
  const form: SelfCheckForm = {};
  const e = facts.enterprise;
  if (e.establishedOn) form.establishedOn = e.establishedOn;
  if (e.districtCode) form.districtCode = e.districtCode;
  if (e.industryCode) form.industryCode = e.industryCode;
  if (e.taxMode) form.taxMode = e.taxMode;
  if (e.highTechField) form.highTechField = e.highTechField;
  if (e.rdLedger !== undefined) form.rdLedger = String(e.rdLedger);
  if (e.restrictedCategory !== undefined) form.restrictedCategory = String(e.restrictedCategory);
  for (const fy of facts.financials ?? []) {
    if (fy.year < n - 3 || fy.year > n - 1) continue;
    for (const f of SELF_CHECK_FIGURES) {
      const v = (fy as unknown as Record<string, number | undefined>)[f];
      if (v !== undefined) form[`${f}_${fy.year}`] = String(v);
    }
  }
  const asOf = `${n}-01-01`;
  for (const kind of SELF_CHECK_IP) {
    form[`ip_${kind}`] = String((facts.ipAssets ?? []).filter((a) => a.kind === kind && a.status === 'valid' && (!a.expiresOn || a.expiresOn >= asOf)).length);
  }
  const quals = facts.qualifications ?? [];
  if (quals.some((q) => q.kind === 'hnte-certificate' && (!q.validUntil || q.validUntil >= asOf))) form.hnte = 'on';
  if (quals.some((q) => q.kind === 'software-enterprise-certificate')) form.software = 'on';
  const venture = quals.filter((q) => q.kind === 'venture-investment').map((q) => q.amount ?? 0);
  if (venture.length) form.venture = String(Math.max(...venture));
  if ((e.flags ?? []).some((f) => f.kind === 'abnormal-operation')) form.abnormal = 'on';
  return form;
}
