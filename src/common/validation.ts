import { HttpException, Logger, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { translate } from '../i18n/i18n.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale.js';
import { DomainError, InvalidInputError, type FieldMessage } from './errors.js';
import { memoizeValidationMetadata } from './validation-metadata-cache.js';
import { fieldProblems, problemMessage, type FieldProblem } from './validation-messages.js';

/** Flattens class-validator's error tree into api.md `details` in a language: `financials[0].year` style paths. */
export function toFieldMessages(errors: ValidationError[], locale: Locale = DEFAULT_LOCALE, prefix = ''): FieldMessage[] {
  return fieldProblems(errors, '', prefix).map((p) => ({ field: p.field, message: problemMessage(locale, p) }));
}

/**
 * Bad input found by class-validator. It keeps the problems as catalogue keys so the global filter
 * words `details[].message` in the caller's language (Accept-Language, the user's setting, Chinese).
 */
export class ValidationFailedError extends InvalidInputError {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.length ? `Validation failed: ${problems[0]!.field} ${problemMessage('en', problems[0]!)}` : 'Validation failed', problems.map((p) => ({ field: p.field, message: problemMessage(DEFAULT_LOCALE, p) })));
  }

  /** api.md `message` and `details` in the locale. */
  localized(locale: Locale): { message: string; details: FieldMessage[] } {
    const details = this.problems.map((p) => ({ field: p.field, message: problemMessage(locale, p) }));
    return { message: details.length ? translate(locale, 'constraint.failed', { message: details[0]!.message }) : translate(locale, 'error.400'), details };
  }
}

const logger = new Logger('Validation');

/**
 * A validator that throws instead of answering (class-validator's IsNumber on 1e-320 with
 * maxDecimalPlaces, validator.js's isEmail on unpaired surrogates — both found by the fuzz suite)
 * is the input's fault, not the server's: 400, never 500. So is a value the conversion before it
 * cannot convert: `@Type(() => Number)` calls Number() on `{"toString": 1}`, which throws a
 * TypeError (no primitive value) — also found by the fuzz suite.
 */
class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      // The answer is already chosen (the validation's own 400, a 404, a 413 …): keep it.
      if (err instanceof HttpException || err instanceof DomainError) throw err;
      // Only a conversion that cannot convert is the input's fault. A write onto a sealed prototype
      // (test/support/freeze-prototypes.ts) is an attack the suites must see as a failure, not a 400.
      const conversion = (err instanceof TypeError || err instanceof RangeError) && !/extensible|read.only|Cannot (add|assign|define|redefine) property/i.test(err.message);
      if (!conversion) throw err;
      logger.warn(`${metadata.type} not convertible: ${err.message}`);
      throw new ValidationFailedError([{ field: metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type), key: 'constraint.invalid', params: {} }]);
    }
  }

  protected override async validate(object: object, validatorOptions?: Parameters<ValidationPipe['validate']>[1]): Promise<ValidationError[]> {
    try {
      return await super.validate(object, validatorOptions);
    } catch {
      throw new ValidationFailedError([{ field: 'body', key: 'constraint.invalid', params: {} }]);
    }
  }
}

/** Unknown properties are rejected, not ignored (api.md); query strings are converted to their types. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // Target and value are read to word the messages (constraint arguments, "required"); they never reach a response.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => new ValidationFailedError(fieldProblems(errors)),
  });
}
