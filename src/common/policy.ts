import { DomainError, IllegalTransitionError, type FieldMessage, InvalidInputError, NotFoundError } from './errors.js';

/**
 * What a module policy answers for one action: allowed, or a denial the service turns into the
 * same error on both faces (JSON and HTML). Pure: no framework, no database.
 *
 * - 404 for what the actor may not even know exists (same message as a missing record);
 * - 403 for a visible record the actor's role may not act on;
 * - 409 for an action the record's state forbids (same as the owning module's own route);
 * - 400 for a reference the actor may not use, worded like an unknown one (no existence oracle).
 */
export type Denial =
  | { allowed: false; status: 404; entity: string }
  | { allowed: false; status: 403 | 409; messageKey: string; message: string; details?: FieldMessage[] }
  | { allowed: false; status: 400; messageKey: string; message: string; field: string; fieldMessage: string };
export type Decision = { allowed: true } | Denial;

export const ALLOW: Decision = Object.freeze({ allowed: true });

export const forbid = (messageKey: string, message: string): Denial => ({ allowed: false, status: 403, messageKey, message });
export const hidden = (entity: string): Denial => ({ allowed: false, status: 404, entity });
export const conflict = (messageKey: string, message: string, details: FieldMessage[] = []): Denial => ({ allowed: false, status: 409, messageKey, message, details });
export const badReference = (field: string, fieldMessage: string, messageKey: string, message = `Invalid reference: ${field} ${fieldMessage}`): Denial => ({
  allowed: false, status: 400, messageKey, message, field, fieldMessage,
});

/** A 403 carrying its catalogue key (the plain ForbiddenError has none). */
export class PolicyDeniedError extends DomainError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
}

export function denialError(d: Denial): DomainError {
  switch (d.status) {
    case 404:
      return new NotFoundError(d.entity);
    case 409:
      return new IllegalTransitionError(d.message, d.details ?? [], d.messageKey);
    case 400:
      // The key words the field's message in the caller's language on both faces.
      return new InvalidInputError(d.message, [{ field: d.field, message: d.fieldMessage, key: d.messageKey }], d.messageKey);
    default:
      return new PolicyDeniedError(d.message, [], d.messageKey);
  }
}

/** Throws the denial's error; the one way services act on a decision. */
export function enforce(decision: Decision): void {
  if (!decision.allowed) throw denialError(decision);
}
