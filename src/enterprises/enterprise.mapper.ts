import type { AnnualFinancials } from './annual-financials.entity.js';
import type { Contact } from './contact.entity.js';
import type { CreditFlag } from './credit-flag.entity.js';
import type { Enterprise } from './enterprise.entity.js';
import type { IpAsset } from './ip-asset.entity.js';
import type { Qualification } from './qualification.entity.js';
import { FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS } from '../policy/engine/facts.js';
import { provenanceJson } from './provenance.js';

/** Entities never leave the service layer: these build the JSON (api.md) and view models. */
export function mapEnterprise(e: Enterprise) {
  return {
    id: e.id,
    uscc: e.uscc,
    name: e.name,
    districtCode: e.districtCode,
    zoneCode: e.zoneCode,
    establishedOn: e.establishedOn,
    industryCode: e.industryCode,
    taxMode: e.taxMode,
    highTechField: e.highTechField,
    registeredCapital: e.registeredCapital,
    address: e.address,
    assignedOfficerId: e.assignedOfficerId,
    tags: splitTags(e.tags),
    currentTier: e.currentTier,
    rdLedger: e.rdLedger,
    restrictedCategory: e.restrictedCategory ?? null,
    mergedIntoId: e.mergedIntoId ?? null,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    deletedAt: e.deletedAt ?? null,
  };
}
export type EnterpriseView = ReturnType<typeof mapEnterprise>;

export function mapFinancials(f: AnnualFinancials) {
  const figures: Record<string, number | null> = {};
  for (const k of [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS]) figures[k] = (f as unknown as Record<string, number | null>)[k] ?? null;
  return {
    id: f.id,
    year: f.year,
    ...figures,
    ...provenanceJson(f),
    selfReported: f.source === 'enterprise' && !f.verifiedAt,
    verifiedAt: f.verifiedAt,
    version: f.version,
    updatedAt: f.updatedAt,
  };
}

export function mapIpAsset(a: IpAsset) {
  return {
    id: a.id, kind: a.kind, number: a.number, title: a.title, status: a.status, grantedOn: a.grantedOn, expiresOn: a.expiresOn,
    acquisition: a.acquisition, usedInHighTechApplication: a.usedInHighTechApplication, relatedToMainProducts: a.relatedToMainProducts,
    pledged: a.pledged, coOwners: a.coOwners ?? [], ...provenanceJson(a), version: a.version,
  };
}

export function mapQualification(q: Qualification) {
  return {
    id: q.id, kind: q.kind, level: q.level, rank: q.rank, unitRank: q.kind === 'st-award' ? q.positionRank : undefined,
    drafterRank: q.kind === 'standard-drafting' ? q.positionRank : undefined, amount: q.amount, on: q.obtainedOn, validUntil: q.validUntil,
    certificateNumber: q.certificateNumber, ranking: q.ranking, note: q.note, ...provenanceJson(q), version: q.version,
  };
}

export function mapContact(c: Contact) {
  return { id: c.id, name: c.name, role: c.role, phone: c.phone, email: c.email, version: c.version };
}

export function mapCreditFlag(f: CreditFlag) {
  return { id: f.id, kind: f.kind, on: f.flaggedOn, listedOn: f.flaggedOn, removedOn: f.removedOn ?? null, ...provenanceJson(f), note: f.note, version: f.version };
}

export function splitTags(tags: string): string[] {
  return tags ? tags.split(',').filter(Boolean) : [];
}

export function normaliseTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim().replace(/,/g, '')).filter(Boolean))].slice(0, 10);
}
