import { isEmail, registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Validators that never throw. class-validator's IsNumber({ maxDecimalPlaces }) throws a TypeError
 * on numbers written with an exponent (1e-320) and validator's isEmail throws a URIError on lone
 * UTF-16 surrogates; a throwing validator becomes a 500 instead of a 400.
 */

/** Yuan with at most two decimals (exactly representable as fen), finite. */
export function isYuan(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) === value;
}

export function IsYuan(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isYuan',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an amount in yuan with at most two decimals`, ...options },
      validator: { validate: (value: unknown) => isYuan(value) },
    });
}

export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 254) return false;
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

export function IsEmailAddress(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isEmailAddress',
      target: object.constructor,
      propertyName,
      options: { message: 'validation.invalid', ...options },
      validator: { validate: (value: unknown) => isEmailAddress(value) },
    });
}
