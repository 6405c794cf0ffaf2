import { describe, expect, it } from '@jest/globals';
import { usesPath } from './deprecation.js';

describe('usesPath (deprecated body fields)', () => {
  it.each<[unknown, string, boolean]>([
    [{ on: '2024-01-01' }, 'on', true],
    [{ listedOn: '2024-01-01' }, 'on', false],
    [{ enterprise: { flags: [{ kind: 'x', listedOn: '2024-01-01' }, { kind: 'y', on: '2024-01-01' }] } }, 'enterprise.flags[].on', true],
    [{ enterprise: { flags: [{ kind: 'x', listedOn: '2024-01-01' }] } }, 'enterprise.flags[].on', false],
    [{ enterprise: { flags: 'many' } }, 'enterprise.flags[].on', false],
    [{ enterprise: null }, 'enterprise.flags[].on', false],
    [null, 'on', false],
    [JSON.parse('{"__proto__": {"on": 1}}'), 'on', false],
    [{ on: undefined }, 'on', false],
  ])('%j uses %s → %s', (body, path, expected) => expect(usesPath(body, path)).toBe(expected));
});
