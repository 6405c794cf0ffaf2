/**
 * Domain errors with a stable code. Services throw these; the one global filter maps them to an
 * HTTP status and to JSON (api.md error shape) or an HTML page. Message keys point into the
 * message catalogue so the HTML page speaks the user's language.
 */
export interface FieldMessage {
  field: string;
  message: string;
  /** Catalogue key (with `{label}`) that words the problem in the caller's language; never sent as such. */
  key?: string;
  /** Parameters for `key` (`{min}`, `{count}`); `{label}` is filled in from the field. */
  params?: Record<string, unknown>;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details: FieldMessage[] = [],
    /** Catalogue key for the HTML error page; falls back to a generic one per status. */
    readonly messageKey?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly code = 'INVALID_INPUT';
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication required') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
  constructor(message = 'You are not allowed to do this') {
    super(message);
  }
}

/** Also used for records that exist but are outside the actor's scope, so ids do not leak. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
  constructor(entity = 'Resource') {
    super(`${entity} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code: string = 'CONFLICT';
}

/** Someone else saved the record since the caller read it (optimistic locking). */
export class StaleVersionError extends ConflictError {
  override readonly code = 'STALE_VERSION';
  constructor(
    entity: string,
    readonly currentVersion: number,
  ) {
    super(`${entity} was changed by someone else (current version ${currentVersion}); reload and apply your change again`, [
      { field: 'version', message: `stale version; current version is ${currentVersion}` },
    ]);
  }
}

export class IllegalTransitionError extends ConflictError {
  override readonly code = 'ILLEGAL_TRANSITION';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code = 'TOO_MANY_REQUESTS';
}
