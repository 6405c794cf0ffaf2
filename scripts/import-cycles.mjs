/**
 * The runtime import graph of src/ (type-only imports left out: they are erased) and its cycles.
 * No dependency: a regex over import/export-from lines is enough for this code base's style.
 * `node scripts/import-cycles.mjs` prints every cycle (strongly connected set of files);
 * test/import-graph.spec.ts fails on any cycle through src/i18n.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** True when every named specifier is `type X` (the whole import is erased). */
function typeOnly(clause) {
  const m = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!m) return false;
  const names = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

export function importGraph(srcDir) {
  const graph = new Map();
  for (const file of files(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[4] ?? m[5];
      if (m[2] || (m[3] !== undefined && typeOnly(m[3])) || !spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (existsSync(target)) deps.add(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Entry files: they wire modules together (like app.module), so they count as "app", not as their folder. */
const ENTRIES = new Set(['i18n/all-catalogues.ts']);

/**
 * The same graph between top-level modules (src/<module>/…; files directly in src/ are "app").
 * An edge into a leaf file (one with no runtime imports, e.g. common/own-key.ts) is left out:
 * a leaf cannot close a circle, it is a shared utility, not a dependency on the module.
 */
export function moduleGraph(graph, srcDir) {
  const mod = (f) => {
    const rel = relative(srcDir, f).split(/[\\/]/);
    return rel.length > 1 && !ENTRIES.has(rel.join('/')) ? rel[0] : 'app';
  };
  const out = new Map();
  for (const [file, deps] of graph) {
    const m = mod(file);
    if (!out.has(m)) out.set(m, new Set());
    for (const d of deps) if (mod(d) !== m && (graph.get(d)?.size ?? 0) > 0) out.get(m).add(mod(d));
  }
  return out;
}

/** Tarjan: the strongly connected sets with more than one file (or a file importing itself). */
export function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const src = join(root, 'src');
  const graph = importGraph(src);
  const fileCycles = cycles(graph);
  for (const scc of fileCycles) console.log(`file cycle, ${scc.length} files: ${scc.map((f) => relative(root, f)).join(', ')}`);
  const moduleCycles = cycles(moduleGraph(graph, src));
  for (const scc of moduleCycles) console.log(`module cycle, ${scc.length} modules: ${scc.join(', ')}`);
  console.log(`${graph.size} files; ${fileCycles.length} file cycle(s); ${moduleCycles.length} module cycle(s)`);
  const throughI18n = fileCycles.some((scc) => scc.some((f) => relative(src, f).startsWith('i18n'))) || moduleCycles.some((scc) => scc.includes('i18n'));
  process.exitCode = throughI18n ? 1 : 0;
}
