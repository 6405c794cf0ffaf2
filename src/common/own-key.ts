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

/** `key` narrowed to the table's keys when it is one of them, else undefined. */
export function ownKey<K extends string>(table: Readonly<Record<K, unknown>>, key: unknown): K | undefined {
  return hasOwn(table, key) ? (key as K) : undefined;
}

/**
 * A frozen copy of `entries` without a prototype, same type: `table[name]`, `name in table` and
 * for…in see only its own keys, so an unknown name — `constructor` included — is undefined.
 */
export function lookupTable<R extends object>(entries: R): Readonly<R> {
  return Object.freeze(Object.assign(Object.create(null) as R, entries));
}

/** An empty table without a prototype, for counters and indexes keyed by data. */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A copy of parsed JSON (or any plain data) with the keys `__proto__`, `constructor` and
 * `prototype` dropped at every level: safe to merge, spread or hand on to code that walks it.
 */
export function withoutPrototypeKeys<T>(value: T, depth = 0): T {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutPrototypeKeys(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = withoutPrototypeKeys((value as Record<string, unknown>)[key], depth + 1);
  }
  return out as T;
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
