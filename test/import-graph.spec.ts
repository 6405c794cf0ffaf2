import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Issue 13, "i18n without a circle": i18n registers catalogues, it imports no feature module.
describe('import graph of src/', () => {
  const run = spawnSync(process.execPath, ['scripts/import-cycles.mjs'], { encoding: 'utf8' });

  it('has no cycle through src/i18n (the script exits 0)', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('has no file-level import cycle', () => {
    expect(run.stdout).toMatch(/; 0 file cycle\(s\);/);
  });

  it.each([
    ['src/i18n/i18n.ts'],
    ['src/i18n/locale.ts'],
  ])('%s imports nothing but i18n files and common/own-key', (file) => {
    const specs = [...readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(specs.filter((s) => !/^\.\/|^\.\.\/common\/own-key\.js$/.test(s))).toEqual([]);
  });
});
