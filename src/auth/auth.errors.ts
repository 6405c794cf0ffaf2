import { DomainError, type FieldMessage } from '../common/errors.js';

/** 401 for a missing, wrong or not-yet-enrolled second factor, naming the `totp` field. */
export class SecondFactorError extends DomainError {
  readonly status = 401;
  readonly code = 'SECOND_FACTOR';
  constructor(message: string, detail: string) {
    super(message, [{ field: 'totp', message: detail } satisfies FieldMessage]);
  }
}
