import { describe, expect, it } from '@jest/globals';
import { isApiPath } from './api-path.js';
import { publicUrl } from './public-url.js';

describe('isApiPath: every spelling the router may match as /api', () => {
  it.each([
    ['/api/v1/auth/me', true],
    ['/api', true],
    ['/API/v1/auth/me', true],
    ['/Api/v1/enterprises', true],
    ['/%41PI/v1/auth/me', true],
    ['/%2561pi/v1/auth/me', true],
    ['//api/v1/auth/me', true],
    ['/\\api/v1', true],
    ['/api%2Fv1', true],
    ['/apidocs', false],
    ['/apiary/v1', false],
    ['/enterprises/api', false],
    ['/login', false],
    ['/%E0%A4%A', false],
  ])('%s → %s', (path, expected) => {
    expect(isApiPath(path)).toBe(expected);
  });
});

describe('publicUrl: the configured base and one of the application\'s own paths', () => {
  it.each([
    ['https://ect.example.cn', '/activate/abc', 'https://ect.example.cn/activate/abc'],
    ['https://ect.example.cn/', '/activate/abc', 'https://ect.example.cn/activate/abc'],
    ['https://ect.example.cn/tracker', '/applications/5', 'https://ect.example.cn/tracker/applications/5'],
    ['https://ect.example.cn', 'applications/5', 'https://ect.example.cn/applications/5'],
    ['https://ect.example.cn', '//evil.example.com/x', 'https://ect.example.cn/evil.example.com/x'],
    ['https://ect.example.cn', '/\\evil.example.com', 'https://ect.example.cn/evil.example.com'],
  ])('%s + %s → %s', (base, path, expected) => {
    expect(publicUrl(base, path)).toBe(expected);
  });
});
