import { CLASS_I_KINDS, CLASS_II_KINDS, type IpAssetFact } from './facts.js';

const CLASS_I = new Set<string>(CLASS_I_KINDS);
const CLASS_II = new Set<string>(CLASS_II_KINDS);

export const isClassI = (kind: string): boolean => CLASS_I.has(kind);
export const isClassII = (kind: string): boolean => CLASS_II.has(kind);

/**
 * api.md: valid when status is `valid` and `expiresOn` is absent or not before asOf. An item
 * granted after asOf was not yet held then, so it does not count either (a 2025 decision must be
 * reproducible from a file that has since gained new patents).
 */
export function isIpValid(a: IpAssetFact, asOf: string): boolean {
  if (a.status !== 'valid') return false;
  if (a.expiresOn !== undefined && a.expiresOn < asOf) return false;
  if (a.grantedOn !== undefined && a.grantedOn > asOf) return false;
  return true;
}

/** Counts of valid IP at asOf, computed once per evaluation and shared by every programme. */
export interface IpSummary {
  /** Valid Class I items. */
  classI: number;
  /** Valid Class II items. */
  classII: number;
  /** Valid Class II items not already used in an earlier HNTE application. */
  classIIUnused: number;
  /** Valid items related to the main products (tech-SME score). */
  classIRelated: number;
  classIIRelated: number;
  /** Among the items usable for HNTE (Class I + unused Class II): self-developed, acquired, unknown. */
  usableOwn: number;
  usableAcquired: number;
  usableAcquisitionUnknown: number;
}

export function summarizeIp(assets: readonly IpAssetFact[] | undefined, asOf: string): IpSummary {
  const s: IpSummary = {
    classI: 0,
    classII: 0,
    classIIUnused: 0,
    classIRelated: 0,
    classIIRelated: 0,
    usableOwn: 0,
    usableAcquired: 0,
    usableAcquisitionUnknown: 0,
  };
  if (!assets) return s;
  for (const a of assets) {
    if (!isIpValid(a, asOf)) continue;
    let usable = false;
    if (CLASS_I.has(a.kind)) {
      s.classI++;
      if (a.relatedToMainProducts === true) s.classIRelated++;
      usable = true;
    } else if (CLASS_II.has(a.kind)) {
      s.classII++;
      if (a.relatedToMainProducts === true) s.classIIRelated++;
      if (a.usedInHighTechApplication !== true) {
        s.classIIUnused++;
        usable = true;
      }
    }
    if (usable) {
      if (a.acquisition === 'own') s.usableOwn++;
      else if (a.acquisition === 'acquired') s.usableAcquired++;
      else s.usableAcquisitionUnknown++;
    }
  }
  return s;
}
