import { describe, expect, it } from '@jest/globals';
import { workerEnv, workerExecArgv } from './heap-limit.js';

describe('workerExecArgv', () => {
  it.each([
    ['adds the limit', [], undefined, 256, ['--max-old-space-size=256']],
    ['keeps the supervisor\'s own flags', ['--enable-source-maps'], undefined, 256, ['--enable-source-maps', '--max-old-space-size=256']],
    ['an explicit flag wins', ['--max-old-space-size=1024'], undefined, 256, ['--max-old-space-size=1024']],
    ['the underscore spelling counts', ['--max_old_space_size=512'], undefined, 256, ['--max_old_space_size=512']],
    ['NODE_OPTIONS wins', [], '--trace-warnings --max-old-space-size=2048', 256, []],
    ['0 leaves V8\'s default', [], undefined, 0, []],
  ] as const)('%s', (_name, execArgv, nodeOptions, mb, expected) => {
    expect(workerExecArgv(execArgv, nodeOptions, mb)).toEqual(expected);
  });
});

describe('workerEnv', () => {
  it.each([
    ['two malloc arenas by default', undefined, { MALLOC_ARENA_MAX: '2' }],
    ['the operator\'s value wins', '4', {}],
    ['an empty value is no value', '', { MALLOC_ARENA_MAX: '2' }],
  ] as const)('%s', (_name, operator, expected) => {
    expect(workerEnv(operator)).toEqual(expected);
  });
});
