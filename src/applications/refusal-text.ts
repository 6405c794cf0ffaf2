import { DomainError, InvalidInputError, StaleVersionError } from '../common/errors.js';
import { refusalMessage } from '../common/form.js';
import { problemMessage } from '../common/validation-messages.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { TransitionVetoedError } from './applications.service.js';

/** The text of a refused operation in the page's language (vetoes name exactly what is missing). */
export function refusalText(err: DomainError, locale: Locale, fallback?: string): string {
  if (err instanceof TransitionVetoedError) return translate(locale, err.messageKey ?? 'application.illegal', err.params);
  if (err instanceof StaleVersionError) return translate(locale, 'application.stale');
  if (err.status === 409) {
    const key = err.messageKey && translate(locale, err.messageKey) !== err.messageKey ? err.messageKey : 'application.conflict';
    return translate(locale, key, { message: err.message });
  }
  if (err instanceof InvalidInputError && err.details.length) {
    return `${translate(locale, 'common.formErrors')} ${err.details.map((d) => `${translate(locale, `step.${d.field.replace(/^data\./, '')}`)}: ${d.key ? problemMessage(locale, { field: d.field, key: d.key, params: d.params ?? {} }, 'step') : translate(locale, d.message)}`).join('; ')}`;
  }
  // Never the service's English: the catalogue sentence for the refusal, else the status's generic one.
  return fallback ?? refusalMessage(err, locale) ?? translate(locale, 'error.400');
}
