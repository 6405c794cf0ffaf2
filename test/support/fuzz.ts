/**
 * Generators for the fuzz suite: a seeded PRNG (mulberry32, no packages) and hostile values,
 * bodies and query strings built from an OpenAPI operation.
 */
/** Percent-encoding that survives lone surrogates (sent as raw, invalid UTF-8 bytes). */
export function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s.replace(/[\ud800-\udfff]/g, '\u0000'))].map((b) => (b === 0 ? '%ED%A0%80' : `%${b.toString(16).padStart(2, '0')}`)).join('');
  }
}

export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
};

export interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; schema?: Schema }[];
  body: Schema | null;
  /** multipart/form-data routes (uploads) */
  multipart: boolean;
}

export function operations(doc: { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } }): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      out.push({
        method,
        path,
        parameters: (op.parameters ?? []) as Operation['parameters'],
        body: content['application/json']?.schema ?? null,
        multipart: !!content['multipart/form-data'],
      });
    }
  }
  return out;
}

export function resolve(schema: Schema | undefined, schemas: Record<string, Schema>, depth = 0): Schema {
  if (!schema || depth > 8) return {};
  if (schema.$ref) return resolve(schemas[schema.$ref.replace('#/components/schemas/', '')], schemas, depth + 1);
  if (schema.allOf?.length) return resolve(schema.allOf[0], schemas, depth + 1);
  return schema;
}

/** A plausible (often valid) value for a schema: the base that mutations start from. */
export function plausible(schema: Schema | undefined, schemas: Record<string, Schema>, depth = 0): unknown {
  const s = resolve(schema, schemas, depth);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'string':
      return s.format === 'date' ? '2025-06-30' : s.format === 'date-time' ? '2025-06-30T08:00:00Z' : 'fuzz';
    case 'integer':
      return 1;
    case 'number':
      return 1000;
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 ? [] : [plausible(s.items, schemas, depth + 1)];
    default: {
      if (!s.properties || depth > 4) return {};
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties)) o[k] = plausible(v, schemas, depth + 1);
      return o;
    }
  }
}

const UNICODE = [
  '\u0000', '\u202e\u202d', '\u200b\u200c\u200d\ufeff', '😀🏳️‍🌈👨‍👩‍👧', 'Z\u0351\u0352\u0353\u0354\u0355', '\ud800', '\udfff\ud800', '天津市滨海新区',
  'ｆｕｌｌｗｉｄｔｈ', '\u2028\u2029', 'İıǅ', '\r\n\t\v\f', '%00', '../../../../etc/passwd', 'C:\\Windows\\win.ini', '{{7*7}}', '${7*7}',
];
/** Names every JavaScript object inherits: as a key or a table lookup they must be unknown names, never a 500 (docs/security.md §4). */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'prototype'] as const;
const HOSTILE_STRINGS = [
  '', ' ', 'null', 'undefined', 'true', '0', '-1', 'NaN', 'Infinity', '1e309', '0x1F', '[object Object]', ...PROTOTYPE_NAMES,
  "' OR 1=1--", '"; DROP TABLE enterprise;--', '<script>alert(1)</script>', 'javascript:alert(1)', '%s%s%s%n', '\\', '\\u0000',
];
const NUMBERS = [-1, 0, -0, 1.5, -1e308, 1e308, 2 ** 53 + 1, -(2 ** 53) - 1, 2 ** 31, -(2 ** 31) - 1, 1e-320, 0.1 + 0.2, 99999999999999999999];

/** A hostile replacement for one value. */
export function hostileValue(rnd: Prng): unknown {
  switch (rnd.int(0, 11)) {
    case 0:
      return rnd.pick(HOSTILE_STRINGS);
    case 1:
      return rnd.pick(UNICODE).repeat(rnd.int(1, 50));
    case 2:
      return 'A'.repeat(rnd.pick([256, 4096, 65_536, 99_000]));
    case 3:
      return rnd.pick(NUMBERS);
    case 4:
      return rnd.pick([true, false, null]);
    case 5:
      return [];
    case 6:
      return {};
    case 7:
      return [rnd.pick(HOSTILE_STRINGS), rnd.pick(NUMBERS), null, {}];
    case 8:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case 9:
      return Array.from({ length: rnd.int(100, 2000) }, (_, i) => i);
    case 10:
      return { nested: { deeper: { deepest: rnd.pick(HOSTILE_STRINGS) } } };
    default:
      return String(rnd.int(-1_000_000, 1_000_000));
  }
}

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const MALFORMED = [
  '{', '}', '{"a":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '{"a":undefined}', '[1,2,', '"unterminated', '\ufeff{}', '/* c */ {}',
  '{"a":1}{"b":2}', '{"a":"\\u00"}', '{"a":"\\x41"}', 'nul', 'tru', '-', '1e99999', '{"__proto__":', '\u0000', '<?xml version="1.0"?><a/>',
];

export interface FuzzRequest {
  label: string;
  path: string;
  /** raw query string without '?' */
  query: string;
  body?: string;
  contentType?: string;
}

/** Fills the path template: mostly valid ids (so body validation is reached), sometimes hostile ones. */
export function fillPath(op: Operation, rnd: Prng, valid: (name: string) => string): string {
  let path = op.path;
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const v = rnd.chance(0.75) ? valid(p.name) : String(rnd.pick([...HOSTILE_STRINGS, ...NUMBERS.map(String), '9999999999999999999', '1.5', '1e3', '%2e%2e%2f', 'ＡＢＣ', '😀']));
    path = path.replace(`{${p.name}}`, enc(v).replace(/%25(2e|2f)/gi, '%$1'));
  }
  return path;
}

/** A hostile query string from the operation's own parameters and invented ones. */
export function hostileQuery(op: Operation, rnd: Prng): string {
  const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const parts: string[] = [];
  const n = rnd.int(1, 4);
  for (let i = 0; i < n; i++) {
    const name = names.length && rnd.chance(0.7) ? rnd.pick(names) : rnd.pick(['x', 'sort', 'page', 'pageSize', '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[b][c][d][e][f]', 'q[]', 'page[$gt]', '', ...PROTOTYPE_NAMES]);
    let value: string;
    const v = hostileValue(rnd);
    value = typeof v === 'string' ? v : JSON.stringify(v) ?? 'x';
    if (value.length > 8000) value = value.slice(0, 8000);
    switch (rnd.int(0, 5)) {
      case 0:
        parts.push(`${enc(name)}=${enc(value)}`);
        break;
      case 1:
        parts.push(`${enc(name)}=${enc(value)}&${enc(name)}=${enc(rnd.pick(HOSTILE_STRINGS))}`);
        break;
      case 2:
        parts.push(`${name}[]=${enc(value)}`);
        break;
      case 3:
        parts.push(`${enc(name)}=%E0%A4%A`); // broken percent-encoding
        break;
      case 4:
        parts.push(`${enc(name)}=${enc(String(rnd.pick(NUMBERS)))}`);
        break;
      default:
        parts.push(`${enc(name)}[${enc(rnd.pick([...PROTOTYPE_NAMES, '0', 'length']))}]=${enc(rnd.chance(0.5) ? value : rnd.pick(PROTOTYPE_NAMES))}`);
    }
  }
  return parts.join('&');
}

/** A hostile JSON (or not-JSON) body derived from the operation's schema. */
export function hostileBody(op: Operation, schemas: Record<string, Schema>, rnd: Prng): { body: string; contentType: string; label: string } {
  const base = plausible(op.body ?? { type: 'object' }, schemas);
  const json = 'application/json';
  const mutateOne = (o: unknown): unknown => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return hostileValue(rnd);
    const copy: Record<string, unknown> = { ...(o as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length && rnd.chance(0.8)) {
      const k = rnd.pick(keys);
      copy[k] = rnd.chance(0.3) && copy[k] && typeof copy[k] === 'object' ? mutateOne(copy[k]) : hostileValue(rnd);
    } else Object.defineProperty(copy, rnd.pick(['unknownField', 'admin', 'role', 'id', 'version', 'isAdmin', 'enterpriseId', ...PROTOTYPE_NAMES]), { value: hostileValue(rnd), enumerable: true, writable: true, configurable: true });
    return copy;
  };
  switch (rnd.int(0, 13)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return { body: JSON.stringify(mutateOne(base)), contentType: json, label: 'one field hostile' };
    case 4: {
      let o = base;
      for (let i = 0; i < rnd.int(2, 6); i++) o = mutateOne(o);
      return { body: JSON.stringify(o), contentType: json, label: 'several fields hostile' };
    }
    case 5:
      return { body: rnd.pick(MALFORMED), contentType: json, label: 'malformed JSON' };
    case 6:
      return { body: nested(rnd.pick([50, 500, 5000, 20_000]), rnd.chance(0.5) ? 'array' : 'object'), contentType: json, label: 'deep nesting' };
    case 7:
      return { body: JSON.stringify(hostileValue(rnd)), contentType: json, label: 'not an object' };
    case 8:
      return {
        body: rnd.pick([
          '{"__proto__":{"polluted":true,"role":"admin"}}',
          '{"constructor":{"prototype":{"polluted":true}}}',
          `{"__proto__":{"polluted":true},${JSON.stringify(base).slice(1)}`,
          '{"a":{"__proto__":{"polluted":true}},"b":[{"__proto__":{"polluted":true}}]}',
        ]),
        contentType: json,
        label: 'prototype pollution',
      };
    case 9:
      return { body: JSON.stringify({ ...(base as object), data: 'B'.repeat(rnd.pick([50_000, 200_000, 2_000_000])) }), contentType: json, label: 'huge body' };
    case 10:
      return { body: JSON.stringify(base), contentType: rnd.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-7', '']), label: 'wrong content type' };
    case 11: {
      const text = JSON.stringify(base);
      return { body: text.length > 2 ? `${text.slice(0, -1)},"${rnd.pick(['version', 'id', 'role'])}":${JSON.stringify(hostileValue(rnd))},"version":-1}` : text, contentType: json, label: 'duplicate keys' };
    }
    case 12:
      return { body: '', contentType: json, label: 'empty body' };
    default:
      return { body: JSON.stringify(mutateOne(mutateOne(base))).replace(/"[^"]*"/, `"${rnd.pick(UNICODE)}"`), contentType: json, label: 'unicode keys' };
  }
}

/**
 * Deterministic requests for one route: each prototype name in turn as each path parameter, each
 * query parameter (and `sort`), each body field's value, and as extra keys of the query and of the
 * body at its top level and in each nested object (raw JSON text, so `__proto__` arrives as an own
 * key the way a client sends it). Used by fuzz.http.spec.ts and security.prototype-keys.http.spec.ts.
 */
export function prototypeNameRequests(op: Operation, schemas: Record<string, Schema>, valid: (name: string) => string): (FuzzRequest & { sortLike: boolean })[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const fill = (target: string | null, name: string) => pathParams.reduce((p, x) => p.replace(`{${x.name}}`, enc(x.name === target ? name : valid(x.name))), op.path);
  const withBody = op.method !== 'get' && op.method !== 'delete' && !op.multipart;
  const base = withBody ? plausible(op.body ?? { type: 'object' }, schemas) : undefined;
  const obj = base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : null;
  const json = 'application/json';
  const body = (o: unknown) => (withBody ? { body: typeof o === 'string' ? o : JSON.stringify(o), contentType: json } : {});
  const out: (FuzzRequest & { sortLike: boolean })[] = [];
  for (const name of PROTOTYPE_NAMES) {
    const extra = `${JSON.stringify(name)}:{"polluted":true,"prototype":{"polluted":true}}`;
    const r = (label: string, path: string, query: string, b: unknown, sortLike = false) => out.push({ label: `${label}=${name}`, path, query, ...body(b), sortLike });
    for (const p of pathParams) r(`path ${p.name}`, fill(p.name, name), '', base);
    for (const q of queryParams) r(`query ${q}`, fill(null, name), `${enc(q)}=${enc(name)}`, base, q === 'sort');
    if (!queryParams.includes('sort')) r('query sort', fill(null, name), `sort=${enc(name)}`, base, false);
    r('query keys', fill(null, name), `${enc(name)}=x&${enc(`${name}[polluted]`)}=1&filter[${enc(name)}]=1`, base);
    if (obj) {
      for (const k of Object.keys(obj)) r(`body ${k}`, fill(null, name), '', { ...obj, [k]: name });
      const raw = JSON.stringify(obj);
      r('body key', fill(null, name), '', raw.length > 2 ? `{${extra},${raw.slice(1)}` : `{${extra}}`);
      for (const k of Object.keys(obj)) {
        const v = obj[k];
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const inner = JSON.stringify(v);
          r(`body ${k} key`, fill(null, name), '', raw.replace(`${JSON.stringify(k)}:${inner}`, `${JSON.stringify(k)}:${inner.length > 2 ? `{${extra},${inner.slice(1)}` : `{${extra}}`}`));
        }
      }
    } else if (withBody) r('body', fill(null, name), '', name);
  }
  return out;
}
