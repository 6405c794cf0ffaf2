#!/usr/bin/env node
// Compiles src/ into dist/. `--if-stale` (used by `npm start`) skips the compile when dist/ was built
// from exactly the current sources: no source file newer than the last build and the same set of
// files (a deleted or renamed file, e.g. a migration, counts as a change). A build is always a full
// one after `rm -rf dist`, so no compiled file of a deleted source (a stale migration) survives.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp.json');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function sources(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) out.push(path);
  }
  return out;
}

function state() {
  const files = [...sources(join(ROOT, 'src')), ...INPUTS.map((f) => join(ROOT, f))];
  const newest = Math.max(...files.map((f) => statSync(f).mtimeMs));
  return { newest, files: files.map((f) => relative(ROOT, f)).sort() };
}

function stale(current) {
  if (!existsSync(join(DIST, 'main.js')) || !existsSync(STAMP)) return 'no previous build';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return 'unreadable build stamp';
  }
  if (current.newest > stamp.builtAt) return 'sources changed';
  if (JSON.stringify(current.files) !== JSON.stringify(stamp.files)) return 'source files added or removed';
  return null;
}

const current = state();
const reason = process.argv.includes('--if-stale') ? stale(current) : 'build requested';
if (!reason) {
  process.stdout.write('dist/ is up to date with src/ (no build needed)\n');
  process.exit(0);
}
process.stdout.write(`Building dist/ (${reason})…\n`);
const startedAt = Date.now();
rmSync(DIST, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// builtAt is when the compile started: a file saved during the compile makes the next start rebuild.
writeFileSync(STAMP, JSON.stringify({ builtAt: startedAt, files: current.files }));
process.stdout.write(`Built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
