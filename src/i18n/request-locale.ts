import type { Request } from 'express';
import { DEFAULT_LOCALE, isLocale, type Locale } from './locale.js';

export const LOCALE_COOKIE = 'lang';

/** The signed-in user's preference, else the language cookie, else Chinese. */
export function requestLocale(req: Request): Locale {
  const actorLocale = (req as Request & { actor?: { locale?: string } }).actor?.locale;
  if (isLocale(actorLocale)) return actorLocale;
  const cookie = parseCookie(req.headers.cookie ?? '', LOCALE_COOKIE);
  return isLocale(cookie) ? cookie : DEFAULT_LOCALE;
}

function parseCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The language of a JSON answer: an explicit `Accept-Language` (first supported tag), else the
 * signed-in user's setting, else Chinese. The language cookie is a browser thing and is ignored here.
 */
export function apiLocale(req: Request): Locale {
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  const actorLocale = (req as Request & { actor?: { locale?: string } }).actor?.locale;
  return isLocale(actorLocale) ? actorLocale : DEFAULT_LOCALE;
}
