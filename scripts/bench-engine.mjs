#!/usr/bin/env node
/**
 * node scripts/bench-engine.mjs [--database sqlite:data/bench.sqlite] [--files 20000] [--before-dist <dir>]
 *
 * What the portfolio re-evaluation spends per file, split: reading the facts of the files from the
 * database (dist/policy/facts-loader.js, the batch's own loader) and the engine on one thread with
 * (a) the programmes of the Tianjin ladder, HNTE and the super-deduction — the batch before the SRDI
 * programmes and the R&D post-subsidy (issue 16) — and (b) every programme, as the batch runs now.
 * The ratio (b)/(a) over loading + engine is the batch's growth from the new programmes (target ≤ 1.3×).
 * Run `npm run build` first. Prints a small table; asserts nothing.
 *
 * `--before-dist` names the build of the code from before issue 16 (e.g. `git worktree add /tmp/before
 * 3defefb^ && cd /tmp/before && npx tsc -p tsconfig.build.json`, then `--before-dist /tmp/before/dist`):
 * the "before" row is then that code's own facts loader and engine with its own programmes, on the
 * same database — the batch as it was, not today's code restricted to the old programmes.
 */
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { database: { type: 'string', default: 'sqlite:data/bench.sqlite' }, files: { type: 'string', default: '20000' }, 'before-dist': { type: 'string' } } });
const dist = (p) => import(pathToFileURL(join(resolve('dist'), p)).href);
const { DataSource } = await import('typeorm');
const { loadConfig } = await dist('config/app-config.js');
const { typeormOptions } = await dist('database/typeorm-options.js');
const { loadFacts } = await dist('policy/facts-loader.js');
const { evaluate } = await dist('policy/engine/evaluate.js');
const { ALL_PROGRAMS, PROGRAMS } = await dist('policy/engine/facts.js');
const { DEFAULT_RULE_SETS } = await dist('policy/engine/rule-sets.js');
const { todayIso } = await dist('common/format.js');
const { DEFAULT_LADDERS } = await dist('ladder/ladders.js');

const files = Math.max(1000, Math.min(200_000, Number(args.files) || 20_000));
const ds = new DataSource(typeormOptions(loadConfig({ DATABASE_URL: args.database }).database));
await ds.initialize();
const asOf = todayIso();
const n = Number(asOf.slice(0, 4));

const ids = (await ds.query('SELECT id FROM enterprise WHERE deleted_at IS NULL ORDER BY id LIMIT ?', [files])).map((r) => Number(r.id));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
/** Reads the facts of `ids` with a loader; returns them and the CPU it took. */
const readFacts = async (loader, source) => {
  const t = cpu();
  const out = new Map();
  for (let i = 0; i < ids.length; i += 1000) for (const [id, f] of await loader(source, ids.slice(i, i + 1000), n, asOf)) out.set(id, f);
  return { facts: out, ms: cpu() - t };
};
const current = await readFacts(loadFacts, ds);
await ds.destroy();

// Before: either the old build's loader and engine, or today's code with the old programmes and no SRDI ladder.
let before;
if (args['before-dist']) {
  const old = (p) => import(pathToFileURL(join(resolve(args['before-dist']), p)).href);
  const [{ loadConfig: oldConfig }, { typeormOptions: oldOptions }, { loadFacts: oldLoad }, { evaluate: oldEvaluate }, { PROGRAMS: oldPrograms }, { DEFAULT_RULE_SETS: oldRuleSets }] = await Promise.all([
    old('config/app-config.js'), old('database/typeorm-options.js'), old('policy/facts-loader.js'), old('policy/engine/evaluate.js'), old('policy/engine/facts.js'), old('policy/engine/rule-sets.js'),
  ]);
  const oldDs = new DataSource(oldOptions(oldConfig({ DATABASE_URL: args.database }).database));
  await oldDs.initialize();
  const read = await readFacts(oldLoad, oldDs);
  await oldDs.destroy();
  before = { label: `the code before issue 16 (${args['before-dist']}), ${oldPrograms.length} programmes`, loadMs: read.ms, facts: read.facts, run: (f) => oldEvaluate({ asOf, programs: oldPrograms, facts: f }, oldRuleSets, { explanations: false }) };
} else {
  const TIANJIN_ONLY = DEFAULT_LADDERS.filter((l) => l.code === 'tianjin');
  before = { label: `today's code, ${PROGRAMS.length} programmes, Tianjin ladder only`, loadMs: current.ms, facts: current.facts, run: (f) => evaluate({ asOf, programs: PROGRAMS, facts: f }, DEFAULT_RULE_SETS, { explanations: false, ladders: TIANJIN_ONLY }) };
}
const now = { label: `today's code, ${ALL_PROGRAMS.length} programmes, every ladder`, loadMs: current.ms, facts: current.facts, run: (f) => evaluate({ asOf, programs: ALL_PROGRAMS, facts: f }, DEFAULT_RULE_SETS, { explanations: false, ladders: DEFAULT_LADDERS }) };
const time = (side) => { const start = cpu(); for (const f of side.facts.values()) side.run(f); return cpu() - start; };
// Warm the JIT on both, then take the better of three rounds each (alternating, so drift hits both alike).
time(before); time(now);
let beforeMs = Infinity, nowMs = Infinity;
for (let r = 0; r < 3; r++) { beforeMs = Math.min(beforeMs, time(before)); nowMs = Math.min(nowMs, time(now)); }
const count = current.facts.size;
const per = (ms) => (ms / count).toFixed(3).padStart(6);
const ratio = (now.loadMs + nowMs) / (before.loadMs + beforeMs);
console.log(`${count} files, asOf ${asOf}, CPU ms per file on one thread:`);
console.log(`  before: ${before.label}`);
console.log(`    reading the facts ${per(before.loadMs)}   engine ${per(beforeMs)}`);
console.log(`  now:    ${now.label}`);
console.log(`    reading the facts ${per(now.loadMs)}   engine ${per(nowMs)}`);
console.log(`batch per file now / before: ${ratio.toFixed(2)}× (engine alone ${(nowMs / beforeMs).toFixed(2)}×); at 120,000 files ≈ ${((now.loadMs + nowMs) / count * 120_000 / 1000).toFixed(0)} s of CPU (spread over the worker threads)`);
