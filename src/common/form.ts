import type { Request, Response } from 'express';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { DomainError, StaleVersionError } from './errors.js';
import { flash } from './flash.js';
import { ValidationFailedError } from './validation.js';
import { fieldProblems, problemMessage, type FieldLabels, type FieldProblem } from './validation-messages.js';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Field problems as form messages: field → one sentence in the page's language naming the field. */
export function formMessages(problems: FieldProblem[], locale: Locale, labels?: FieldLabels): FieldErrors {
  const out: FieldErrors = {};
  for (const p of problems) out[p.field] ??= problemMessage(locale, p, labels);
  return out;
}

/**
 * Validates a submitted HTML form against a DTO class. Expected input problems come back as a
 * result (field → message in the page's language), not as an exception, so the controller can
 * re-render the form with status 422 and everything the user typed.
 */
export async function validateForm<T extends object>(cls: new () => T, body: unknown, locale: Locale, labels?: FieldLabels): Promise<FormResult<T>> {
  const plain = { ...((body ?? {}) as Record<string, unknown>) };
  // Empty inputs mean "not given": optional fields are then skipped by @IsOptional.
  for (const [k, v] of Object.entries(plain)) if (v === '') plain[k] = undefined;
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  let errors;
  try {
    errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: true, value: true } });
  } catch {
    // A validator that throws on odd input (1e-320, lone surrogates) means the input is invalid, not a server fault.
    return { ok: false, errors: { _form: translate(locale, 'constraint.invalid', { label: translate(locale, 'label.body') }) } };
  }
  if (!errors.length) return { ok: true, value: instance };
  return { ok: false, errors: formMessages(fieldProblems(errors), locale, labels) };
}

/**
 * A domain error's field details as form messages: worded by the detail's catalogue key
 * (`constraint.exists`), else the generic "not valid" naming the field, so API English never reaches a form.
 */
export function domainFieldErrors(err: DomainError, locale: Locale, labels?: FieldLabels): FieldErrors {
  if (err instanceof ValidationFailedError) return formMessages(err.problems, locale, labels);
  const out: FieldErrors = {};
  for (const d of err.details) {
    out[d.field] ??= problemMessage(locale, { field: d.field, key: d.key ?? 'constraint.invalid', params: d.params ?? {} }, labels);
  }
  return out;
}

/** The page-level sentence for a refusal: its catalogue key (with the error's parameters), else the status's generic text when no field explains it. */
export function refusalMessage(err: DomainError, locale: Locale, hasFieldMessages = false): string | undefined {
  const params = { message: err.message, ...((err as DomainError & { params?: Record<string, unknown> }).params ?? {}) };
  if (err.messageKey) {
    const text = translate(locale, err.messageKey, params);
    if (text !== err.messageKey) return text;
  }
  if (hasFieldMessages) return undefined;
  const text = translate(locale, `error.${err.status}`, params);
  return text === `error.${err.status}` ? translate(locale, 'error.400') : text;
}

/** Thrown by a form action to send field messages back to the form (services that answer with results, not errors). */
export class FormRejected extends Error {
  constructor(readonly errors: FieldErrors) {
    super('form rejected');
  }
}

export interface RerenderExtra {
  message?: string;
  stale?: { version: number; text: string };
  /** The refusal itself, for pages that word it their own way (an action button's flash naming a veto's items). */
  error?: DomainError;
}

export interface FormAction<T extends object, R> {
  /** Omitted for services that check their own input (reference data): `input` then goes to `run` as is. */
  dto?: new () => T;
  /** The posted values already shaped for the DTO (numbers, booleans, lists). */
  input: Record<string, unknown>;
  /** Labels for fields whose catalogue label is not `label.<field>` / `figure.<field>`. */
  labels?: FieldLabels;
  /** Calls the service. */
  run(value: T): Promise<R>;
  /** Where to go after success, and the confirmation to show there. */
  done(result: R): { redirect: string; flash?: string | { type: 'success' | 'warning' | 'info'; text: string }[] };
  /** Re-renders the form with what the user typed: 422 field problems, 409 someone else saved first. */
  rerender(status: 409 | 422 | 403, errors: FieldErrors, extra: RerenderExtra): unknown;
}

/**
 * The one way an HTML form is handled: validate, call the service, redirect with a flash on
 * success, re-render with the typed values and per-field messages on a 400/409/422 from the
 * service; anything else (404, 500) goes to the global filter.
 */
export async function runForm<T extends object, R>(req: Request, res: Response, locale: Locale, action: FormAction<T, R>): Promise<unknown> {
  const form: FormResult<T> = action.dto ? await validateForm(action.dto, action.input, locale, action.labels) : { ok: true, value: action.input as T };
  if (!form.ok) return action.rerender(422, form.errors, {});
  let result: R;
  try {
    result = await action.run(form.value);
  } catch (err) {
    if (err instanceof FormRejected) return action.rerender(422, err.errors, {});
    if (err instanceof StaleVersionError) {
      return action.rerender(409, {}, { stale: { version: err.currentVersion, text: translate(locale, 'common.staleVersion', { version: err.currentVersion }) }, error: err });
    }
    if (err instanceof DomainError && [400, 409, 422].includes(err.status)) {
      const errors = domainFieldErrors(err, locale, action.labels);
      const message = refusalMessage(err, locale, Object.keys(errors).length > 0);
      // A conflict on a field (a number already on file) is the user's to fix like any other field problem.
      return action.rerender(err.status === 409 && !Object.keys(errors).length ? 409 : 422, errors, { message, error: err });
    }
    throw err;
  }
  const { redirect, flash: message } = action.done(result);
  for (const m of typeof message === 'string' ? [{ type: 'success' as const, text: message }] : (message ?? [])) flash(req, m.type, m.text);
  return res.redirect(303, redirect);
}
