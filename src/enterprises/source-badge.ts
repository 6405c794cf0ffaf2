import { formatDate, formatDateTime } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { isAuthoritative } from '../policy/fact-provenance.js';

/** What the file page's source badge shows for one fact (views/partials/enterprises/source-badge.hbs). */
export interface SourceBadge {
  source: string;
  label: string;
  /** Hover text: the source, the date the source stated it, who recorded it when. */
  title: string;
  authoritative: boolean;
  /** The enterprise's own statement (shown in yellow until an officer vouches for it). */
  selfReported: boolean;
}

/**
 * The badge of a fact with provenance, or null when it has no source. `names`: user id → display name
 * of the recorders the viewer may know (staff names are working papers: an enterprise user reads "staff").
 */
export function sourceBadge(
  locale: Locale,
  fact: { source?: string | null; sourceAsOf?: string | null; recordedBy?: number | null; recordedAt?: Date | string | null },
  names: ReadonlyMap<number, string>,
): SourceBadge | null {
  if (!fact.source) return null;
  const label = translate(locale, `factSource.${fact.source}`);
  const by = fact.recordedBy ? (names.get(fact.recordedBy) ?? translate(locale, 'provenance.staff')) : translate(locale, 'provenance.system');
  return {
    source: fact.source,
    label,
    title: translate(locale, 'provenance.title', { source: label, asOf: formatDate(fact.sourceAsOf), by, at: formatDateTime(fact.recordedAt) }),
    authoritative: isAuthoritative(fact.source),
    selfReported: fact.source === 'enterprise',
  };
}

/** The recorders' ids of a set of facts (to look their names up once). */
export function recorderIds(...lists: { recordedBy?: number | null }[][]): number[] {
  return [...new Set(lists.flat().map((f) => f.recordedBy).filter((id): id is number => typeof id === 'number' && id > 0))];
}
