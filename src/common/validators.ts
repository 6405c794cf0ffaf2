import { isEmail, registerDecorator, type ValidationOptions } from 'class-validator';
import { usccIsValid } from '../policy/engine/uscc.js';
import { EARLIEST_DATE, pastDateProblem } from './date-range.js';
import { todayIso } from './format.js';

export { businessToday, EARLIEST_DATE, pastDateProblem } from './date-range.js';

/** A Unified Social Credit Code with a correct check character (case-insensitive on input). */
export function IsUscc(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isUscc',
      target: object.constructor,
      propertyName,
      options: { message: 'must be an 18-character Unified Social Credit Code with a valid check character', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && usccIsValid(value.trim().toUpperCase()) },
    });
}

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: 'must be a date written YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The Beijing calendar date of a YYYY-MM-DD string or an ISO date-time; null when it is neither. */
function calendarDateOf(value: unknown): string | null {
  if (isCalendarDate(value)) return value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : todayIso(d);
}

/**
 * A past event's date: not before 1900-01-01, not after today in Beijing. Takes YYYY-MM-DD or an
 * ISO date-time; other shapes are left to the format validators (IsCalendarDate). The message is
 * a catalogue key, translated on forms and in English in API `details`.
 */
export function IsPastDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPastDate',
      target: object.constructor,
      propertyName,
      options: { message: (args) => (calendarDateOf(args.value) ?? '') < EARLIEST_DATE ? 'validation.dateTooEarly' : 'validation.dateInFuture', ...options },
      validator: {
        validate: (value: unknown) => {
          const iso = calendarDateOf(value);
          return iso === null || pastDateProblem(iso) === null;
        },
      },
    });
}

// Validators that never throw. class-validator's IsNumber({ maxDecimalPlaces }) throws a TypeError
// on numbers written with an exponent (1e-320) and isEmail throws a URIError on lone UTF-16
// surrogates; a throwing validator would turn bad input into a 500 instead of a 400.

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
