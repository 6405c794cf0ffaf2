/**
 * An absolute link for e-mails and invitations: the configured PUBLIC_BASE_URL joined with one of
 * the application's own paths. Never built from the request's Host header, which the client
 * chooses (a forged Host would send activation links to an attacker's site).
 */
export function publicUrl(base: string, path: string): string {
  const own = /^\/(?![/\\])/.test(path) ? path : `/${path.replace(/^[/\\]+/, '')}`;
  return `${base.replace(/\/+$/, '')}${own}`;
}
