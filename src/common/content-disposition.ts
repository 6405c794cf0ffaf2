/**
 * File names as typed by users are only ever displayed and offered back on download; they never
 * become a path. These helpers clean them for display and build a safe Content-Disposition —
 * the one builder every download (documents, exports, reports, import templates, list CSV) uses.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last path segment (either slash), without control or bidi-override characters, NFC,
 * at most 200 characters (keeping the extension). "../../etc/passwd" → "passwd"; "" → fallback.
 */
export function cleanFileName(raw: string | null | undefined, fallback = 'document'): string {
  let name = String(raw ?? '').normalize('NFC').replace(CONTROL, '');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.trim();
  if (!name || /^\.+$/.test(name)) return fallback;
  if (name.length > 200) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name;
}

/** RFC 5987 ext-value encoding (UTF-8, percent-encoding everything outside attr-char). */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="ascii fallback"; filename*=UTF-8''…` — old clients read the quoted
 * ASCII name, current ones the UTF-8 one. Quotes, backslashes and non-ASCII never reach the
 * quoted form, so the header cannot be broken out of.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment', asciiName?: string): string {
  const name = cleanFileName(fileName);
  // asciiName: a readable fallback (e.g. `young-eagle-2026.csv`) when the UTF-8 name is all Chinese.
  const ascii = cleanFileName(asciiName ?? name).replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}
