import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';

/** An audit action key as a person reads it; an unknown key (an old entry) shows as itself. */
export function auditActionLabel(action: string, locale: Locale): string {
  const key = `auditAction.${action}`;
  const label = translate(locale, key);
  return label === key ? action : label;
}
