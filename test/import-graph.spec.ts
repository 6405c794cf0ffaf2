import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
// @ts-expect-error -- a plain .mjs script (no declaration file); its functions are tested below.
import { check, importsOf } from '../scripts/import-cycles.mjs';

type Found = { files: number; runtime: string[][]; typeOnly: string[][]; modules: string[][] };
const checkDir = check as (dir: string) => Found;
const parse = importsOf as (text: string) => { spec: string; typeOnly: boolean }[];

// Issue 13, "no circle": an import graph of every file of src/ (as madge draws it) has no cycle.
describe('import graph of src/', () => {
  const run = spawnSync(process.execPath, ['scripts/import-cycles.mjs'], { encoding: 'utf8' });

  it('has no file cycle, runtime or type-only (the script exits 0)', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/; 0 file cycle\(s\); 0 type-only file cycle\(s\);/);
    expect(run.status).toBe(0);
  });

  it('reads every source file of src/', () => {
    const count = (dir: string): number => readdirSync(dir).reduce((n, name) => {
      const p = join(dir, name);
      return n + (statSync(p).isDirectory() ? count(p) : /\.ts$/.test(name) && !/\.(spec|d)\.ts$/.test(name) ? 1 : 0);
    }, 0);
    expect(Number(/^(\d+) files;/m.exec(run.stdout)?.[1])).toBe(count('src'));
  });

  it('no module cycle passes through i18n (it imports no feature)', () => {
    expect(checkDir('src').modules.filter((scc) => scc.includes('i18n'))).toEqual([]);
  });

  it.each([
    ['src/i18n/i18n.ts'],
    ['src/i18n/locale.ts'],
  ])('%s imports nothing but i18n files and common/own-key', (file) => {
    const specs = parse(readFileSync(file, 'utf8')).map((i) => i.spec);
    expect(specs.filter((s) => !/^\.\/|^\.\.\/common\/own-key\.js$/.test(s))).toEqual([]);
  });
});

describe('the import parser', () => {
  it.each([
    ['named', `import { a } from './a.js';`, [{ spec: './a.js', typeOnly: false }]],
    ['default and named type', `import x, { type T } from './a.js';`, [{ spec: './a.js', typeOnly: false }]],
    ['import type', `import type { T } from './a.js';`, [{ spec: './a.js', typeOnly: true }]],
    ['every name a type', `import { type T, type U } from './a.js';`, [{ spec: './a.js', typeOnly: true }]],
    ['side effect', `import './a.js';`, [{ spec: './a.js', typeOnly: false }]],
    ['namespace', `import * as a from './a.js';`, [{ spec: './a.js', typeOnly: false }]],
    ['multi-line', `import {\n  a,\n  b,\n} from './a.js';`, [{ spec: './a.js', typeOnly: false }]],
    ['re-export', `export { a } from './a.js';`, [{ spec: './a.js', typeOnly: false }]],
    ['export star', `export * from './a.js';`, [{ spec: './a.js', typeOnly: false }]],
    ['type re-export', `export type { T } from './a.js';`, [{ spec: './a.js', typeOnly: true }]],
    ['dynamic import', `async function f() { return import('./a.js'); }`, [{ spec: './a.js', typeOnly: false }]],
    ['typeof import()', `let x: typeof import('./a.js');`, [{ spec: './a.js', typeOnly: true }]],
    ['package (not in src)', `import { Injectable } from '@nestjs/common';`, []],
    ['in a line comment', `// import { a } from './a.js';`, []],
    ['in a block comment', `/* import { a } from './a.js'; */`, []],
    ['in a string', `const s = "import { a } from './a.js'";`, []],
    ['in a template', 'const s = `import { a } from "./a.js"`;', []],
  ])('%s', (_case, text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe('the cycle detector on a small tree', () => {
  let dir: string;
  const write = (files: Record<string, string>) => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  };
  const found = () => {
    const r = checkDir(dir);
    const names = (sccs: string[][]) => sccs.map((scc) => scc.map((f) => relative(dir, f).replace(/\\/g, '/')));
    return { runtime: names(r.runtime), typeOnly: names(r.typeOnly) };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['no cycle', { 'a.ts': `import { b } from './b.js';`, 'b.ts': 'export const b = 1;' }, [], []],
    ['two files', { 'a.ts': `import { b } from './b.js'; export const a = 1;`, 'b.ts': `import { a } from './a.js'; export const b = 1;` }, [['a.ts', 'b.ts']], []],
    ['across folders', { 'x/a.ts': `import { b } from '../y/b.js';`, 'y/b.ts': `import { c } from './c.js';`, 'y/c.ts': `export * from '../x/a.js';` }, [['x/a.ts', 'y/b.ts', 'y/c.ts']], []],
    ['a file importing itself', { 'a.ts': `import { a } from './a.js'; export const a = 1;` }, [['a.ts']], []],
    ['through a dynamic import', { 'a.ts': `import { b } from './b.js';`, 'b.ts': `export const f = () => import('./a.js');` }, [['a.ts', 'b.ts']], []],
    ['through a type-only import', { 'a.ts': `import { b } from './b.js'; export type A = 1;`, 'b.ts': `import type { A } from './a.js'; export const b = 1;` }, [], [['a.ts', 'b.ts']]],
    ['an index file', { 'a.ts': `import { b } from './lib';`, 'lib/index.ts': `import { a } from '../a.js';` }, [['a.ts', 'lib/index.ts']], []],
    ['spec files are left out', { 'a.ts': 'export const a = 1;', 'a.spec.ts': `import { a } from './a.js';` }, [], []],
  ])('%s', (_case, files, runtime, typeOnly) => {
    write(files as Record<string, string>);
    expect(found()).toEqual({ runtime, typeOnly });
  });

  it('a long chain does not overflow the stack', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`f${i}.ts`] = `import './f${(i + 1) % 3000}.js';`;
    write(files);
    expect(found().runtime.map((scc) => scc.length)).toEqual([3000]);
  });
});
