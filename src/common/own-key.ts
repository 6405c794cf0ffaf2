/**
 * Looking up user-supplied text in a table. `table[key]` with `key` from a request is a trap in
 * JavaScript: `__proto__`, `constructor`, `toString`, `valueOf`, `hasOwnProperty`… are found on
 * every object through its prototype, so an unknown name looks "known" and hands back
 * Object.prototype or a function. `sort=__proto__` once gave TypeORM Object.prototype as its
 * ORDER BY map, and its next write went onto Object.prototype itself: every later query failed
 * until restart. Every lookup of request-derived text goes through these helpers instead
 * (docs/security.md, "User text used as an object key"). Pure code: no framework imports.
 */

/** True when `key` is one of the table's own keys (never a name inherited from a prototype). */
export function hasOwn(table: object, key: unknown): boolean {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key);
}

/** The table's own value for `key`, or undefined for an unknown or inherited name. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return hasOwn(table, key) ? table[key as string] : undefined;
}

/**
 * A frozen copy of `entries` without a prototype, same type: `table[name]`, `name in table` and
 * for…in see only its own keys, so an unknown name — `constructor` included — is undefined.
 */
export function lookupTable<R extends object>(entries: R): Readonly<R> {
  return Object.freeze(Object.assign(Object.create(null) as R, entries));
}

/**
 * Names a plain object inherits as enumerable keys: none in a healthy process. Any name here means
 * something wrote onto Object.prototype and every `for…in` (TypeORM's ORDER BY map among them)
 * now sees it — the process is broken and must say so (src/health).
 */
export function inheritedEnumerableKeys(): string[] {
  const keys: string[] = [];
  for (const key in {}) keys.push(key);
  return keys;
}
