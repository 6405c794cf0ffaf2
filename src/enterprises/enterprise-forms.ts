import { ActivityCreateDto, ContactCreateDto, CreditFlagCreateDto, IpAssetCreateDto, QualificationCreateDto, TaskCreateDto } from './children.dto.js';
import { lookupTable } from '../common/own-key.js';

/** HTML forms post strings; the DTOs want numbers, booleans and lists. */
export function formToProfile(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  const num = (k: string) => {
    if (typeof out[k] === 'string' && out[k] !== '') out[k] = Number(String(out[k]).replace(/,/g, ''));
  };
  num('registeredCapital');
  num('assignedOfficerId');
  num('version');
  if (typeof out.tags === 'string') out.tags = out.tags.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  for (const k of ['rdLedger', 'restrictedCategory']) if (out[k] === 'true' || out[k] === 'false') out[k] = out[k] === 'true';
  for (const [k, v] of Object.entries(out)) if (v === '') out[k] = undefined;
  return out;
}

export function formToFigures(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === '' || v === undefined) continue;
    out[k] = typeof v === 'string' && /^-?[\d,.]+$/.test(v.trim()) ? Number(v.replace(/,/g, '')) : v;
  }
  return out;
}

/** The "add to the file" forms: their DTO, how the posted strings become its values, the section they live in. */
export type ChildForm = 'ip' | 'qualification' | 'flag' | 'contact' | 'activity' | 'task';

const checkbox = (v: unknown) => v === 'on' || v === 'true' || v === true;
const numberOrUndefined = (v: unknown) => (typeof v === 'string' && v.trim() !== '' && /^-?[\d,]+(\.\d+)?$/.test(v.trim()) ? Number(v.replace(/,/g, '')) : v === '' ? undefined : v);

export interface ChildFormSpec { dto: new () => object; anchor: string; labels: string; saved?: string; toDto(body: Record<string, unknown>): Record<string, unknown> }

export const CHILD_FORMS: Record<ChildForm, ChildFormSpec> = lookupTable<Record<ChildForm, ChildFormSpec>>({
  ip: {
    dto: IpAssetCreateDto,
    anchor: 'ip',
    labels: 'ip',
    toDto: (b) => ({
      kind: b.kind, number: b.number, title: b.title, status: b.status, grantedOn: b.grantedOn, expiresOn: b.expiresOn, acquisition: b.acquisition,
      usedInHighTechApplication: checkbox(b.usedInHighTechApplication), relatedToMainProducts: checkbox(b.relatedToMainProducts),
    }),
  },
  qualification: {
    dto: QualificationCreateDto,
    anchor: 'qualifications',
    labels: 'qualification',
    toDto: (b) => ({
      kind: b.kind, level: b.level, rank: b.rank, on: b.on, validUntil: b.validUntil, certificateNumber: b.certificateNumber, note: b.note,
      amount: numberOrUndefined(b.amount),
      ...(b.kind === 'standard-drafting' ? { drafterRank: numberOrUndefined(b.positionRank) } : { unitRank: numberOrUndefined(b.positionRank) }),
    }),
  },
  flag: { dto: CreditFlagCreateDto, anchor: 'credit-flags', labels: 'flag', toDto: (b) => ({ kind: b.kind, on: b.on, source: b.source || undefined, note: b.note }) },
  contact: { dto: ContactCreateDto, anchor: 'contacts', labels: 'contact', toDto: (b) => ({ name: b.name, role: b.role, phone: b.phone, email: b.email }) },
  task: { dto: TaskCreateDto, anchor: 'tasks', labels: 'figure', saved: 'task.created', toDto: (b) => ({ title: b.title, dueOn: b.dueOn }) },
  // The visit date is a calendar day; noon Beijing time keeps it on that day in any zone.
  activity: { dto: ActivityCreateDto, anchor: 'timeline', labels: 'activity', saved: 'activity.recorded', toDto: (b) => ({ kind: b.kind, text: b.text, at: typeof b.at === 'string' && b.at ? `${b.at}T12:00:00+08:00` : undefined }) },
});
