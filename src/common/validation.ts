import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { translate } from '../i18n/i18n.js';
import { InvalidInputError, type FieldMessage } from './errors.js';

/** Flattens class-validator's error tree into api.md `details`: `financials[0].year` style paths. */
export function toFieldMessages(errors: ValidationError[], parent = ''): FieldMessage[] {
  const out: FieldMessage[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const path = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field: path, message: message.replace(/^property /, '') });
    }
    if (error.children?.length) out.push(...toFieldMessages(error.children, path));
  }
  return out;
}

/** API messages in English; DTOs may use catalogue keys (validation.*) that forms show translated. */
function apiMessages(details: FieldMessage[]): FieldMessage[] {
  return details.map((d) => ({ field: d.field, message: translate('en', d.message) }));
}

/** Unknown properties are rejected, not ignored (api.md); query strings are converted to their types. */
/**
 * A validator that throws instead of answering (class-validator's IsNumber on 1e-320 with
 * maxDecimalPlaces, validator.js's isEmail on unpaired surrogates — both found by the fuzz suite)
 * is the input's fault, not the server's: 400, never 500.
 */
class SafeValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: Parameters<ValidationPipe['validate']>[1]): Promise<ValidationError[]> {
    try {
      return await super.validate(object, validatorOptions);
    } catch {
      throw new InvalidInputError('Validation failed: a value could not be checked (malformed number or text)', [{ field: 'body', message: 'malformed value' }]);
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = apiMessages(toFieldMessages(errors));
      return new InvalidInputError(details.length ? `Validation failed: ${details[0].field} ${details[0].message}` : 'Validation failed', details);
    },
  });
}
