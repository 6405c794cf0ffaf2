import { afterAll, expect } from '@jest/globals';

/**
 * Jest setupFilesAfterEnv: with the built-in prototypes sealed (freeze-prototypes.ts) nothing can
 * be added to them; this fails the test file if one of their existing members was replaced.
 */
const protos = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype } as const;
const snapshot = Object.entries(protos).map(([name, proto]) => [name, proto, new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)?.value]))] as const);

afterAll(() => {
  const changed: string[] = [];
  for (const [name, proto, before] of snapshot) {
    for (const key of Reflect.ownKeys(proto)) if (Object.getOwnPropertyDescriptor(proto, key)?.value !== before.get(key)) changed.push(`${name}.prototype.${String(key)}`);
    if (!Object.isSealed(proto)) changed.push(`${name}.prototype unsealed`);
  }
  expect(changed).toEqual([]);
});
