import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Issue 13: "no role string comparisons outside policies". Who may do what is decided by the
 * module's policy (`*.policy.ts`, or a state machine's role column); everywhere else asks it.
 * Left out: specs, the bulk CLI and the seeds (they pick users from data by role) and main.ts
 * (the start-up banner).
 */
const EXEMPT = [/\.policy\.ts$/, /\.spec\.ts$/, /^src\/cli\/bulk\//, /^src\/database\/seed\//, /^src\/main\.ts$/];
const ROLE_COMPARISON = /role\s*[!=]==/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(path);
    return d.name.endsWith('.ts') ? [path] : [];
  });
}

describe('role checks live in policies', () => {
  it('no `role ===` / `role !==` in src/**/*.ts outside *.policy.ts (and the exempt scripts)', () => {
    const found: string[] = [];
    for (const file of tsFiles('src')) {
      const rel = relative('.', file).split(sep).join('/');
      if (EXEMPT.some((re) => re.test(rel))) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (ROLE_COMPARISON.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it.each([
    ["if (actor.role === 'admin')", true],
    ["actor.role!=='enterprise'", true],
    ['u.role !== role', true],
    ["enforce(decidePolicy(actor, 'editRuleSets'))", false],
    ['roles.includes(actor.role)', false],
  ])('the pattern sees %s → %s', (line, hit) => expect(ROLE_COMPARISON.test(line)).toBe(hit));
});
