/**
 * The import graph of src/ and its cycles (issue 13, "no circle").
 *
 * Every file is parsed with the TypeScript compiler the project already has (no extra package), so
 * comments, strings and multi-line imports cannot fool it. Edges: `import … from`, `import '…'`,
 * `export … from`, `import x = require(…)` and dynamic `import('…')` of a relative specifier. Each edge
 * says whether it survives compilation: an `import type` / all-`type` named import is erased, so it
 * cannot change load order, but a cycle through it is still a circle in the design (as madge shows it).
 *
 * `node scripts/import-cycles.mjs [dir]` prints every cycle (strongly connected set of files) and exits
 * 1 when there is any file cycle, runtime or type-only; test/import-graph.spec.ts runs it on src/ and
 * runs the functions below on small fixtures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|mts|tsx)$/.test(e.name) && !/\.(spec|test)\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The file a relative specifier names: `./x.js` → x.ts, `./x` → x.ts or x/index.ts. */
function resolveSpec(from, spec) {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.(m?js|jsx)$/, (m) => (m === '.mjs' ? '.mts' : m === '.jsx' ? '.tsx' : '.ts')), base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** The relative imports of one source text: `{ spec, typeOnly }` per import or re-export. */
export function importsOf(text, fileName = 'x.ts') {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  const add = (node, typeOnly) => {
    if (node && ts.isStringLiteralLike(node)) out.push({ spec: node.text, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      // Erased when the clause is `import type`, or only names each marked `type` (no default, no namespace).
      const erased = !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, erased);
    } else if (ts.isExportDeclaration(node)) {
      const erased = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, erased);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true); // `typeof import('./x.js')` in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.filter((i) => i.spec.startsWith('.'));
}

/**
 * file → Map(dependency → 'runtime' | 'type'). A dependency imported both ways counts as runtime.
 */
export function importGraph(srcDir) {
  const graph = new Map();
  for (const file of files(srcDir)) {
    const deps = new Map();
    for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'), file)) {
      const target = resolveSpec(file, spec);
      if (!target) continue;
      if (!typeOnly) deps.set(target, 'runtime');
      else if (!deps.has(target)) deps.set(target, 'type');
    }
    graph.set(file, deps);
  }
  return graph;
}

/** The graph as plain adjacency sets, with or without the erased (type-only) edges. */
export function edges(graph, { types = true } = {}) {
  const out = new Map();
  for (const [file, deps] of graph) out.set(file, new Set([...deps].filter(([, kind]) => types || kind === 'runtime').map(([d]) => d)));
  return out;
}

/** Entry files: they wire modules together (like app.module), so they count as "app", not as their folder. */
const ENTRIES = new Set(['i18n/all-catalogues.ts']);

/**
 * The runtime graph between top-level modules (src/<module>/…; files directly in src/ are "app").
 * An edge into a leaf file (one with no runtime imports, e.g. common/own-key.ts) is left out:
 * a leaf cannot close a circle, it is a shared utility, not a dependency on the module.
 * Informational: Nest feature modules legitimately use each other's services both ways.
 */
export function moduleGraph(adjacency, srcDir) {
  const mod = (f) => {
    const rel = relative(srcDir, f).split(/[\\/]/);
    return rel.length > 1 && !ENTRIES.has(rel.join('/')) ? rel[0] : 'app';
  };
  const out = new Map();
  for (const [file, deps] of adjacency) {
    const m = mod(file);
    if (!out.has(m)) out.set(m, new Set());
    for (const d of deps) if (mod(d) !== m && (adjacency.get(d)?.size ?? 0) > 0) out.get(m).add(mod(d));
  }
  return out;
}

/** Tarjan (iterative, so a deep chain cannot overflow the stack): strongly connected sets of more than one node, or a node importing itself. */
export function cycles(adjacency) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  for (const root of adjacency.keys()) {
    if (idx.has(root)) continue;
    const work = [[root, [...(adjacency.get(root) ?? [])], 0]];
    idx.set(root, index); low.set(root, index); index++; stack.push(root); on.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, next] = frame;
      if (frame[2] < next.length) {
        const w = next[frame[2]++];
        if (!idx.has(w)) {
          idx.set(w, index); low.set(w, index); index++; stack.push(w); on.add(w);
          work.push([w, [...(adjacency.get(w) ?? [])], 0]);
        } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
        continue;
      }
      work.pop();
      if (work.length) { const parent = work[work.length - 1][0]; low.set(parent, Math.min(low.get(parent), low.get(v))); }
      if (low.get(v) === idx.get(v)) {
        const scc = [];
        let w;
        do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
        if (scc.length > 1 || adjacency.get(v)?.has(v)) out.push(scc.sort());
      }
    }
  }
  return out;
}

/** The whole check of a source folder: runtime cycles, cycles that need a type-only edge, module cycles. */
export function check(srcDir) {
  const graph = importGraph(srcDir);
  const runtime = cycles(edges(graph, { types: false }));
  const all = cycles(edges(graph, { types: true }));
  // A set that is a cycle only once type edges count (not already a runtime cycle).
  const key = (scc) => scc.join('\n');
  const runtimeKeys = new Set(runtime.map(key));
  const typeOnly = all.filter((scc) => !runtimeKeys.has(key(scc)));
  const modules = cycles(moduleGraph(edges(graph, { types: false }), srcDir));
  return { files: graph.size, runtime, typeOnly, modules };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const src = resolve(process.argv[2] ?? join(root, 'src'));
  const r = check(src);
  const show = (scc) => scc.map((f) => relative(root, f)).join(', ');
  for (const scc of r.runtime) console.log(`file cycle, ${scc.length} files: ${show(scc)}`);
  for (const scc of r.typeOnly) console.log(`type-only file cycle, ${scc.length} files: ${show(scc)}`);
  for (const scc of r.modules) console.log(`module cycle (informational), ${scc.length} modules: ${scc.join(', ')}`);
  console.log(`${r.files} files; ${r.runtime.length} file cycle(s); ${r.typeOnly.length} type-only file cycle(s); ${r.modules.length} module cycle(s)`);
  process.exitCode = r.runtime.length || r.typeOnly.length ? 1 : 0;
}
