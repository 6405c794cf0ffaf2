import type { AnnualFinancials } from '../enterprises/annual-financials.entity.js';
import type { CreditFlag } from '../enterprises/credit-flag.entity.js';
import type { Enterprise } from '../enterprises/enterprise.entity.js';
import type { IpAsset } from '../enterprises/ip-asset.entity.js';
import type { Qualification } from '../enterprises/qualification.entity.js';
import { FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS, type Facts, type FinancialYear } from './engine/facts.js';

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

/** The stored file as the engine's facts (api.md facts schema): missing figures are left out. */
export function factsFromFile(parts: {
  enterprise: Enterprise;
  financials: AnnualFinancials[];
  ipAssets: IpAsset[];
  qualifications: Qualification[];
  creditFlags: CreditFlag[];
}): Facts {
  const e = parts.enterprise;
  return {
    enterprise: defined({
      uscc: e.uscc, name: e.name, districtCode: e.districtCode, establishedOn: e.establishedOn ?? undefined,
      industryCode: e.industryCode ?? undefined, taxMode: e.taxMode ?? undefined, highTechField: (e.highTechField ?? undefined) as Facts['enterprise']['highTechField'],
      rdLedger: e.rdLedger ?? undefined,
      flags: parts.creditFlags.map((f) => ({ kind: f.kind as never, on: f.flaggedOn })),
    }),
    financials: parts.financials.map((f) => {
      const year: Record<string, number> = { year: f.year };
      for (const k of [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS]) {
        const v = (f as unknown as Record<string, number | null>)[k];
        if (v !== null && v !== undefined) year[k] = v;
      }
      return year as unknown as FinancialYear;
    }),
    ipAssets: parts.ipAssets.map((a) => defined({
      kind: a.kind as never, number: a.number, status: a.status as never, grantedOn: a.grantedOn ?? undefined, expiresOn: a.expiresOn ?? undefined,
      acquisition: a.acquisition as never, usedInHighTechApplication: a.usedInHighTechApplication, relatedToMainProducts: a.relatedToMainProducts,
    })),
    qualifications: parts.qualifications.map((q) => defined({
      kind: q.kind as never, level: (q.level ?? undefined) as never, rank: (q.rank ?? undefined) as never,
      unitRank: q.kind === 'st-award' ? (q.positionRank ?? undefined) : undefined,
      drafterRank: q.kind === 'standard-drafting' ? (q.positionRank ?? undefined) : undefined,
      amount: q.amount ?? undefined, on: q.obtainedOn, validUntil: q.validUntil ?? undefined, ranking: q.ranking ?? undefined,
    })),
  };
}
