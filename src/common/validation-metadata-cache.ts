import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type TargetMetadatas = ReturnType<Storage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const MEMOIZED = Symbol('validation metadata memoized');

/**
 * class-validator looks up a class's rules on every validate() and again for every nested object:
 * it walks every registered class (an `instanceof` each, for inherited rules), filters their rules
 * and groups them by property — 140 classes with 1,723 rules here; class-validator was 2.8 % of a
 * list page's CPU (docs/performance.md). The rules are fixed once the decorators have run, so the
 * answer is kept per class and options, and forgotten whenever a rule or constraint is added (a
 * class declared later, a schema registered).
 *
 * The arrays handed back are class-validator's own results, which it only reads.
 */
export function memoizeValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const patched = storage as Storage & { [MEMOIZED]?: true };
  if (patched[MEMOIZED]) return;
  patched[MEMOIZED] = true;

  let lookups = new Map<unknown, Map<string, TargetMetadatas>>();
  let groups = new WeakMap<TargetMetadatas, Grouped>();
  const forget = () => {
    lookups = new Map();
    groups = new WeakMap();
  };

  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groupNames) => {
    const options = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groupNames?.join('\u0001') ?? '\u0002'}`;
    let perTarget = lookups.get(target);
    if (!perTarget) lookups.set(target, (perTarget = new Map()));
    let found = perTarget.get(options);
    if (!found) perTarget.set(options, (found = lookup(target, schema, always, strictGroups, groupNames)));
    return found;
  };

  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groups.get(metadatas);
    if (!grouped) groups.set(metadatas, (grouped = group(metadatas)));
    return grouped;
  };

  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (storage[method] as (arg: never) => void).bind(storage);
    (storage as unknown as Record<typeof method, (arg: never) => void>)[method] = (arg: never) => {
      forget();
      add(arg);
    };
  }
}
