import { describe, expect, it } from '@jest/globals';
import { needsNoSession } from './sessionless.js';

describe('needsNoSession', () => {
  it.each([
    ['/health', undefined, true],
    ['/health/', undefined, true],
    ['/HEALTH', undefined, true],
    ['/health/anything', undefined, true],
    ['/healthy', undefined, false],
    ['/api/v1/enterprises', 'Bearer abc', true],
    ['/API/v1/enterprises', 'bearer abc', true],
    ['/%61pi/v1/enterprises', 'Bearer abc', true],
    ['/api/v1/enterprises', undefined, false],
    ['/api/v1/enterprises', 'Basic abc', false],
    ['/api/v1/enterprises', 'Bearer', false],
    ['/enterprises', 'Bearer abc', false],
    ['/login', undefined, false],
    ['/', 'Bearer abc', false],
  ])('%s with authorization %s → %s', (path, authorization, expected) => {
    expect(needsNoSession(path, authorization)).toBe(expected);
  });
});
