/**
 * Whether a request path is under /api, the way the router sees it: Express matches routes
 * case-insensitively, so /API/v1/… and /Api/v1/… reach the JSON API too; percent-encoded letters
 * and repeated or back-slashes are normalised before the test as well.
 */
export function isApiPath(path: string): boolean {
  let p = path;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(p); i++) {
    try {
      p = decodeURIComponent(p);
    } catch {
      break;
    }
  }
  return /^[/\\]*api([/\\]|$)/i.test(p);
}
