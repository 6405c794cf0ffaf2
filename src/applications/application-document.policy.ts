import type { Actor } from '../auth/actor.js';
import { ALLOW, conflict, forbid, type Decision } from '../common/policy.js';
import { EDITABLE_STATES, machineOf, type ApplicationType } from './workflow/workflows.js';

/**
 * Who may attach documents to an application, and when: the applicant while it holds the pen
 * (draft, returned), the district officer and administrators until the case ends; managers read.
 * One decision for the application's own route (POST /api/v1/applications/:id/documents, the
 * application page) and for the generic one (/enterprises/:id/documents with ownerKind
 * `application`), which asks it through the owner-kind policy the applications module registers.
 */
export function decideApplicationDocument(actor: Actor, app: { type: ApplicationType; status: string }): Decision {
  const applicant = actor.role === 'enterprise';
  const staff = actor.role === 'officer' || actor.role === 'admin';
  if (actor.role === 'manager') return forbid('application.denied.documentsManager', 'Managers read applications; the applicant and the district attach documents');
  if (!applicant && !staff) return forbid('application.denied.documentsRole', 'Your role may not attach documents to applications');
  if (machineOf(app.type).isTerminal(app.status)) return conflict('application.documentsClosed', `The application is ${app.status}: no more documents`, [{ field: 'status', message: app.status }]);
  if (applicant && !EDITABLE_STATES.includes(app.status)) {
    return conflict('application.notEditable', `Documents can be added while the application is a draft or returned (now ${app.status})`, [{ field: 'status', message: app.status }]);
  }
  return ALLOW;
}
