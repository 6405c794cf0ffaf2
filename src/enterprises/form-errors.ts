import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldErrors, FormResult } from '../common/form.js';
import { DomainError } from '../common/errors.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { lookupTable } from '../common/own-key.js';

/** class-validator constraint → catalogue key, so a form's field messages are in the page's language. */
const CONSTRAINT_KEYS: Record<string, string> = {
  isIn: 'formError.choice',
  isCalendarDate: 'formError.date',
  maxLength: 'formError.tooLong',
  minLength: 'formError.tooShort',
  isInt: 'formError.integer',
  isNumber: 'formError.number',
  min: 'formError.min',
  max: 'formError.max',
  isEmail: 'formError.email',
  isEmailAddress: 'formError.email',
  isYuan: 'formError.number',
  matches: 'formError.format',
  isBoolean: 'formError.choice',
  whitelistValidation: 'formError.unknown',
};

/** Service-side field messages (API English) → catalogue keys. */
const DOMAIN_MESSAGES: Record<string, string> = lookupTable<Record<string, string>>({
  'already exists': 'formError.exists',
  'must not be before on': 'formError.notBeforeOn',
  'must not be in the future': 'formError.future',
});

/**
 * Like validateForm, but every field message comes from the catalogue in the page's language
 * (the DTOs' own messages are the API's English ones). A missing required value says so.
 */
export async function validateLocalized<T extends object>(cls: new () => T, body: Record<string, unknown>, locale: Locale): Promise<FormResult<T>> {
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) plain[k] = v === '' ? undefined : v;
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (!errors.length) return { ok: true, value: instance };
  const out: FieldErrors = {};
  const walk = (list: ValidationError[], prefix = '') => {
    for (const e of list) {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      const names = Object.keys(e.constraints ?? {});
      if (names.length && !out[field]) {
        const missing = plain[e.property] === undefined && !names.includes('whitelistValidation');
        // A constraint whose message is already a catalogue key (IsPastDate) says it in the page's language.
        const own = e.constraints![names[0]!]!;
        out[field] = translate(locale, missing ? 'validation.required' : (CONSTRAINT_KEYS[names[0]!] ?? (own.startsWith('validation.') ? own : 'validation.invalid')));
      }
      if (e.children?.length) walk(e.children, field);
    }
  };
  walk(errors);
  return { ok: false, errors: out };
}

/** A domain error's field details as form messages (for 400/409 raised by the service). */
export function domainFieldErrors(err: DomainError, locale: Locale): FieldErrors {
  const out: FieldErrors = {};
  for (const d of err.details) out[d.field] ??= translate(locale, DOMAIN_MESSAGES[d.message] ?? 'validation.invalid');
  return out;
}
