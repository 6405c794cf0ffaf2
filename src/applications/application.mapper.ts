import type { Enterprise } from '../enterprises/enterprise.entity.js';
import type { Application, ApplicationDocument, ApplicationHistory } from './application.entity.js';
import { isOverdue } from './workflow/deadlines.js';
import type { ApplicationType } from './workflow/workflows.js';
import { lookupTable } from '../common/own-key.js';

const PREFIX: Record<ApplicationType, string> = lookupTable<Record<ApplicationType, string>>({
  'tier-recognition': 'TR',
  'high-tech-certification': 'HT',
  'super-deduction-precheck': 'SD',
  'ip-pledge-loan': 'IP',
  'srdi-recognition': 'SR',
  'rd-post-subsidy': 'RP',
});

/** The number people quote on the phone: TR-2026-00012. */
export function referenceOf(app: Pick<Application, 'id' | 'type' | 'year'>): string {
  return `${PREFIX[app.type]}-${app.year}-${String(app.id).padStart(5, '0')}`;
}

export type EnterpriseBrief = Pick<Enterprise, 'id' | 'name' | 'uscc' | 'districtCode' | 'zoneCode'>;

export function mapEnterpriseBrief(e: EnterpriseBrief | undefined) {
  return e ? { id: e.id, name: e.name, uscc: e.uscc, districtCode: e.districtCode, zoneCode: e.zoneCode } : null;
}

/** A list row (and the head of the detail view). */
export function mapApplicationSummary(app: Application, enterprise: EnterpriseBrief | undefined, today: string) {
  return {
    id: app.id,
    reference: referenceOf(app),
    enterpriseId: app.enterpriseId,
    enterprise: mapEnterpriseBrief(enterprise),
    type: app.type,
    // One column holds the rung applied for; the API names an SRDI rung `rung` (api.md).
    tier: app.type === 'srdi-recognition' ? null : app.tier,
    rung: app.type === 'srdi-recognition' ? app.tier : null,
    year: app.year,
    status: app.status,
    statusSince: app.statusSince,
    dueOn: app.dueOn,
    overdue: isOverdue(app.dueOn, today),
    /** The due date was counted as plain working days: the holiday calendar of a year it crosses is not entered. */
    deadlineProvisional: !!app.dueOn && !!app.dueProvisional,
    batchId: app.batchId,
    submittedAt: app.submittedAt,
    decidedAt: app.decidedAt,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    version: app.version,
  };
}
export type ApplicationSummary = ReturnType<typeof mapApplicationSummary>;

export function mapHistory(h: ApplicationHistory) {
  return {
    id: h.id,
    kind: h.kind,
    action: h.action,
    from: h.fromStatus,
    to: h.toStatus,
    actor: { id: h.actorId, name: h.actorName, role: h.actorRole },
    at: h.at,
    comment: h.comment,
    public: h.isPublic,
    data: h.data,
  };
}

export function mapDocumentLink(d: ApplicationDocument, applicationId: number) {
  return {
    id: d.id,
    requirement: d.requirement,
    documentId: d.documentId,
    name: d.fileName,
    mediaType: d.mimeType,
    size: d.sizeBytes,
    sha256: d.sha256,
    uploadedBy: d.uploadedByName,
    uploadedAt: d.uploadedAt,
    downloadUrl: d.documentId ? `/api/v1/applications/${applicationId}/documents/${d.documentId}` : null,
  };
}
