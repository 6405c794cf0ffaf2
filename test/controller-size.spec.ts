import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Issue 13, "presenters": a controller is decorators, one service call and one presenter; page models
 * are built in `<module>.view.ts`. A controller past 250 lines is building something it should not.
 */
const MAX_LINES = 250;

const controllers = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
  const p = join(dir, name);
  return statSync(p).isDirectory() ? controllers(p) : name.endsWith('.controller.ts') ? [p] : [];
});

const lines = (file: string) => readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length;

describe('controllers stay small', () => {
  const files = controllers('src');

  it('finds the controllers', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [f]))(`%s has at most ${MAX_LINES} lines`, (file) => {
    expect(lines(file)).toBeLessThanOrEqual(MAX_LINES);
  });
});
