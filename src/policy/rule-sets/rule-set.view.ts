import type { Actor } from '../../auth/actor.js';
import type { FieldErrors } from '../../common/form.js';
import { translate } from '../../i18n/i18n.js';
import { PROGRAM_LABELS } from '../engine/labels.js';
import type { ParamProgram } from '../engine/params.js';
import { buildParamForm, paramLabel, type FormItem } from './param-form.js';
import type { RuleSetRecord } from './rule-set.entity.js';

/**
 * The rule-set page's model (presenter): the labelled form derived from the parameter spec
 * (param-form.ts), the advanced JSON view, and the form-reading helpers of the JSON view. The
 * controller asks the state machine and the module policy and passes the answers in.
 */

const isScalar = (v: unknown) => v === null || ['number', 'string', 'boolean'].includes(typeof v);

/**
 * The advanced (JSON) view: top-level parameters as they are stored, scalars as inputs and
 * structures (bands, tiers, rates) as JSON; labelled from the catalogue like the form.
 */
function paramFields(program: string, params: Record<string, unknown>, provisional: string[], submitted: Record<string, unknown> | undefined, locale: Actor['locale']) {
  return Object.entries(params).map(([key, value]) => {
    const scalar = isScalar(value);
    const raw = submitted?.[`p_${key}`];
    return {
      key,
      label: paramLabel((k) => translate(locale, k), key, program),
      name: `p_${key}`,
      scalar,
      value: typeof raw === 'string' ? raw : scalar ? String(value ?? '') : JSON.stringify(value, null, 2),
      rows: scalar ? 1 : Math.min(16, JSON.stringify(value, null, 2).split('\n').length + 1),
      provisional: provisional.some((p) => p === key || p.startsWith(`${key}.`) || p.startsWith(`${key}[`)),
    };
  });
}

/** Rebuilds the parameter object from the advanced view; JSON that does not parse becomes a field error. */
export function jsonParamsFromForm(template: Record<string, unknown>, body: Record<string, unknown>): { params: Record<string, unknown>; errors: FieldErrors } {
  const params: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(template)) {
    const raw = body[`p_${key}`];
    if (typeof raw !== 'string') {
      params[key] = value;
      continue;
    }
    if (isScalar(value)) {
      const text = raw.trim();
      params[key] = typeof value === 'number' ? (text === '' || Number.isNaN(Number(text)) ? text : Number(text)) : typeof value === 'boolean' ? text === 'true' : text;
    } else {
      try {
        params[key] = JSON.parse(raw);
      } catch {
        errors[`params.${key}`] = 'JSON';
      }
    }
  }
  return { params, errors };
}

/**
 * The `automatic` checkbox: an unticked box sends nothing, so the form carries a hidden
 * `automaticShown` to tell "unticked" from "not on this form" (a post without it keeps the value).
 */
export function automaticFromForm(body: Record<string, unknown>, current: boolean): boolean {
  if (body.automaticShown === undefined) return !!current;
  const v = body.automatic;
  return v === 'on' || v === 'true' || v === '1' || v === true;
}

/**
 * The rule-set page: the labelled form (read-only unless a draft the actor may edit) and the
 * advanced JSON view. `submitted` re-fills the part that was posted (`formMode` tells which).
 */
export function ruleSetPage(actor: Actor, record: RuleSetRecord, may: { canEdit: boolean; isAdmin: boolean }, extra: Record<string, unknown> = {}, submitted?: Record<string, unknown>) {
  const { canEdit } = may;
  const fromFields = submitted?.formMode === 'fields';
  const errors = (extra.errors ?? {}) as FieldErrors;
  const t = (key: string) => translate(actor.locale, key);
  const form = buildParamForm(record.program as ParamProgram, record.params, {
    provisional: record.provisional,
    submitted: fromFields ? submitted : undefined,
    errors: fromFields ? errors : {},
    editable: canEdit,
    t,
  });
  return {
    title: `${PROGRAM_LABELS[record.program as keyof typeof PROGRAM_LABELS]?.[actor.locale] ?? record.program} ${record.version}`,
    record: { id: record.id, program: record.program, version: record.version, status: record.status, effectiveFrom: record.effectiveFrom, note: record.note, rowVersion: record.rowVersion, provisional: record.provisional.join(', '), automatic: !!record.automatic },
    // What was posted over what is stored: the JSON view posts neither version nor note.
    values: { version: record.version, effectiveFrom: record.effectiveFrom, note: record.note ?? '', provisional: record.provisional.join(', '), ...submitted, automatic: submitted ? automaticFromForm(submitted, record.automatic) : !!record.automatic },
    form,
    fields: paramFields(record.program, record.params, record.provisional, fromFields ? undefined : submitted, actor.locale),
    advancedOpen: !!submitted && !fromFields,
    isDraft: record.status === 'draft',
    canEdit,
    isAdmin: may.isAdmin,
    errors: {},
    ...extra,
    errorList: errorList(actor, errors, form),
  };
}

export function translateAll(actor: Actor, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, translate(actor.locale, v)]));
}

/** The page's summary of field messages, each named by its label (never a raw parameter path). */
function errorList(actor: Actor, errors: FieldErrors, form: FormItem[]): { label: string; message: string }[] {
  const t = (key: string) => translate(actor.locale, key);
  const named: Record<string, string> = { version: t('ruleSet.version'), effectiveFrom: t('ruleSet.effectiveFrom'), provisional: t('ruleSet.provisionalPaths'), note: t('ruleSet.note') };
  return Object.entries(errors).map(([key, message]) => {
    if (!key.startsWith('params.')) return { label: named[key] ?? t('label.body'), message };
    const path = key.slice(7);
    // The longest parameter whose path is a prefix of the message's (a row of a table, one end of a range).
    const item = form
      .filter((i) => i.type !== 'heading' && (path === i.path || path.startsWith(`${i.path}.`) || path.startsWith(`${i.path}[`)))
      .sort((a, b) => b.path.length - a.path.length)[0];
    const row = /^\[(\d+)\]/.exec(item ? path.slice(item.path.length) : '');
    const label = item ? [item.label, row ? t('ruleSet.form.row').replace('{n}', String(Number(row[1]) + 1)) : ''].filter(Boolean).join(' · ') : paramLabel(t, path.split(/[.[]/)[0]!);
    return { label, message };
  });
}
