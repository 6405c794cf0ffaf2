import { registerDecorator, type ValidationOptions } from 'class-validator';
import { usccIsValid } from '../policy/engine/uscc.js';

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
