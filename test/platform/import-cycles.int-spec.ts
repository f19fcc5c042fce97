import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * Dependencies between the modules of `src/` point one way (issue #18.4). A module is the first
 * folder under `src/` (`approvals`, `common`, `database`, `outbox`, ...); the files directly in
 * `src/` (app.module.ts, main.ts, worker.ts) are the composition root and may import anything.
 * Every import counts, `import type` included: a type from a higher module ties the layers as
 * much as a value does.
 */
const SRC = resolve(import.meta.dirname, '../../src');

/** module -> module -> the files (relative to src/) whose imports make that edge */
type Graph = Map<string, Map<string, string[]>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The module of a file under src/; undefined for the composition root and for files outside src/. */
function moduleOf(file: string): string | undefined {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

function importGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const from = moduleOf(file);
    if (!from) continue;
    // preProcessFile lists imports (type-only too), `export ... from`, dynamic imports and
    // module augmentations (`declare module '../../outbox/jobs.js'`).
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const to = moduleOf(resolve(dirname(file), fileName));
      if (!to || to === from) continue;
      const targets = graph.get(from) ?? new Map<string, string[]>();
      targets.set(to, [...new Set([...(targets.get(to) ?? []), relative(SRC, file)])]);
      graph.set(from, targets);
    }
  }
  return graph;
}

/** A shortest path from `start` to `goal` along the edges not skipped, or undefined. */
function path(graph: Graph, start: string, goal: string, skip: Set<string>): string[] | undefined {
  const previous = new Map<string, string>([[start, start]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    if (v === goal) {
      const steps = [goal];
      for (let w = goal; w !== start; w = previous.get(w)!) steps.unshift(previous.get(w)!);
      return steps;
    }
    for (const w of graph.get(v)?.keys() ?? []) {
      if (previous.has(w) || skip.has(`${v} -> ${w}`)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  return undefined;
}

/**
 * Every import edge that lies on a cycle (its target leads back to its source), with the files
 * that make it and the way back. Edges in `skip` are left out of the graph.
 */
function cyclicEdges(graph: Graph, skip: Set<string>): string[] {
  const found: string[] = [];
  for (const [from, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [to, files] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
      const edge = `${from} -> ${to}`;
      if (skip.has(edge)) continue;
      const back = path(graph, to, from, skip);
      if (!back) continue;
      const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ', ...' : '');
      found.push(`${edge} (${shown}); back: ${back.join(' -> ')}`);
    }
  }
  return found;
}

describe('imports between the modules of src/', () => {
  const graph = importGraph();

  it('form no cycle', () => {
    expect(cyclicEdges(graph, new Set())).toEqual([]);
  });

  it('make only config and database global: every other module is imported where it is used', () => {
    const global = sourceFiles(SRC)
      .filter((file) => /^@Global\(\)/m.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(global.sort()).toEqual([
      join('config', 'config.module.ts'),
      join('database', 'database.module.ts'),
    ]);
  });

  it('sees the imports it should (the check itself works)', () => {
    expect(graph.get('approvals')?.has('database')).toBe(true);
    const tiny: Graph = new Map([
      ['a', new Map([['b', ['a.ts']]])],
      ['b', new Map([['a', ['b.ts']]])],
    ]);
    expect(cyclicEdges(tiny, new Set())).toEqual([
      'a -> b (a.ts); back: b -> a',
      'b -> a (b.ts); back: a -> b',
    ]);
    expect(cyclicEdges(tiny, new Set(['b -> a']))).toEqual([]);
  });
});
