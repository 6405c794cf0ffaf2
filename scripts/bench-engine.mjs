#!/usr/bin/env node
/**
 * node scripts/bench-engine.mjs [--database sqlite:data/bench.sqlite] [--files 20000]
 *
 * What the portfolio re-evaluation spends per file, split: reading the facts of the files from the
 * database (dist/policy/facts-loader.js, the batch's own loader) and the engine on one thread with
 * (a) the programmes of the Tianjin ladder, HNTE and the super-deduction — the batch before the SRDI
 * programmes and the R&D post-subsidy (issue 16) — and (b) every programme, as the batch runs now.
 * The ratio (b)/(a) over loading + engine is the batch's growth from the new programmes (target ≤ 1.3×).
 * Run `npm run build` first. Prints a small table; asserts nothing.
 */
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { database: { type: 'string', default: 'sqlite:data/bench.sqlite' }, files: { type: 'string', default: '20000' } } });
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
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const ids = (await ds.query('SELECT id FROM enterprise WHERE deleted_at IS NULL ORDER BY id LIMIT ?', [files])).map((r) => Number(r.id));
let t = cpu();
const facts = new Map();
for (let i = 0; i < ids.length; i += 1000) for (const [id, f] of await loadFacts(ds, ids.slice(i, i + 1000), n, asOf)) facts.set(id, f);
const loadMs = cpu() - t;
await ds.destroy();

// Before: no SRDI ladder either (the engine evaluates every configured ladder's rungs for `ladders`).
const TIANJIN_ONLY = DEFAULT_LADDERS.filter((l) => l.code === 'tianjin');
const run = (programs, ladders) => {
  const start = cpu();
  for (const f of facts.values()) evaluate({ asOf, programs, facts: f }, DEFAULT_RULE_SETS, { explanations: false, ladders });
  return cpu() - start;
};
run(PROGRAMS, TIANJIN_ONLY); // warm the JIT
run(ALL_PROGRAMS, DEFAULT_LADDERS);
const before = run(PROGRAMS, TIANJIN_ONLY);
const now = run(ALL_PROGRAMS, DEFAULT_LADDERS);
const per = (ms) => (ms / facts.size).toFixed(3);
const ratio = (loadMs + now) / (loadMs + before);
console.log(`${facts.size} files, asOf ${asOf}, CPU ms per file on one thread:`);
console.log(`  reading the facts            ${per(loadMs)}`);
console.log(`  engine, ${PROGRAMS.length} programmes (before)  ${per(before)}`);
console.log(`  engine, ${ALL_PROGRAMS.length} programmes (now)    ${per(now)}`);
console.log(`batch per file now / before: ${ratio.toFixed(2)}× (engine alone ${(now / before).toFixed(2)}×); at 120,000 files ≈ ${((loadMs + now) / facts.size * 120_000 / 1000).toFixed(0)} s of CPU (spread over the worker threads)`);
