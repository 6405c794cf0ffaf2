import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, forbid, type Decision } from '../common/policy.js';
import { decideEnterprise, seesInternal } from '../enterprises/enterprise.policy.js';

/**
 * The documents module's rules. Documents are attached to an owner record of a kind (the
 * enterprise file, a fiscal year's figures, a certificate, an application, …); the module that
 * owns the kind decides who may attach and read (`OwnerKindPolicy`, registered with
 * `DocumentsService.registerOwnerKind`), so the generic route /enterprises/:id/documents answers
 * exactly like the owner's own route. This file adds the rules common to every kind.
 */

/** What an owner kind's policy is told about an upload. */
export interface AttachSituation {
  enterpriseId: number;
  ownerId: number;
  /** The revision being superseded, if any, with the role of whoever uploaded it. */
  replaces: { uploadedBy: number | null; uploaderRole: Role | null } | null;
}

/** An owner kind's rules, supplied by the module that owns the records. */
export interface OwnerKindPolicy {
  /** May the actor attach to (or supersede a document of) this owner? The file is already visible. */
  attach(actor: Actor, situation: AttachSituation): Decision | Promise<Decision>;
  /** May the actor read this owner's documents (on top of the file's visibility)? Default: whoever sees the file. */
  read?(actor: Actor, document: { ownerId: number; enterpriseId: number }): boolean | Promise<boolean>;
}

const KNOWN: readonly Role[] = ['admin', 'manager', 'officer', 'enterprise'];

/**
 * The decision for an upload: unknown roles never (fail closed), then the owner kind's rule,
 * then the rule for every kind: an enterprise supersedes only what enterprise users uploaded
 * (staff evidence — an officer's verification, a reviewer's note — is not the applicant's to replace).
 */
export function decideAttach(actor: Actor, kindDecision: Decision, situation: AttachSituation): Decision {
  if (!KNOWN.includes(actor.role)) return forbid('document.denied.role', 'Your role may not attach documents');
  if (!kindDecision.allowed) return kindDecision;
  if (situation.replaces && !seesInternal(actor) && situation.replaces.uploaderRole !== actor.role) {
    return forbid('document.denied.supersedeStaff', 'Documents uploaded by bureau staff cannot be replaced by the enterprise');
  }
  return ALLOW;
}

/** Read rule for documents of a kind no module registered (its module is not loaded): staff only. */
export function unregisteredKindReadable(actor: Actor): boolean {
  return seesInternal(actor);
}

/** Who uploaded: shown to staff; to the enterprise only for its own uploads (no staff names). */
export function showsUploader(actor: Actor, uploadedBy: number | null): boolean {
  return seesInternal(actor) || (uploadedBy !== null && uploadedBy === actor.userId);
}

/** The built-in kinds delegate to the enterprise policy: the file and certificates are edited by staff, figures also by the enterprise. */
export const ENTERPRISE_KIND_POLICY: OwnerKindPolicy = { attach: (actor) => decideEnterprise(actor, 'edit') };
export const QUALIFICATION_KIND_POLICY: OwnerKindPolicy = { attach: (actor) => decideEnterprise(actor, 'edit') };
export const FINANCIALS_KIND_POLICY: OwnerKindPolicy = { attach: (actor) => decideEnterprise(actor, 'reportFigures') };
