// The folders of server/src depend on each other one way only: no folder imports
// a folder that imports it back (e.g. graphql → auth, never auth → graphql). Each
// top-level folder is one unit, and so is each file at the top level (app.ts,
// config.ts, …). Type-only imports count too: they tie the folders together all
// the same. The generated Prisma client is left out (it imports nothing of ours).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../server/src');
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Files (relative to src, `/`-separated) → their source. */
type Sources = ReadonlyMap<string, string>;

function readSources(dir: string, prefix = ''): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) {
      if (relative === 'generated') continue;
      for (const [file, text] of readSources(path.join(dir, entry.name), `${relative}/`)) sources.set(file, text);
    } else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) {
      sources.set(relative, readFileSync(path.join(dir, entry.name), 'utf8'));
    }
  }
  return sources;
}

/** A file's unit: its top-level folder, or the file itself at the top level. */
const unitOf = (file: string) => file.split('/')[0]!;

/** Unit → the units it imports (never itself). */
export function unitGraph(sources: Sources): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, text] of sources) {
    const from = unitOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith('..')) continue; // outside src (none today)
      const to = unitOf(target);
      if (to !== from && to !== 'generated') edges.add(to);
    }
  }
  return graph;
}

/** Every group of units that import each other in a ring (Tarjan's strongly connected components of size > 1). */
export function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (unit: string) => {
    index.set(unit, next);
    low.set(unit, next);
    next += 1;
    stack.push(unit);
    onStack.add(unit);
    for (const to of graph.get(unit) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(unit, Math.min(low.get(unit)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(unit, Math.min(low.get(unit)!, index.get(to)!));
      }
    }
    if (low.get(unit) === index.get(unit)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const unit of [...graph.keys()].sort()) if (!index.has(unit)) visit(unit);
  return found;
}

/** Who imports whom inside a ring: the imports to untangle. */
function explain(sources: Sources, ring: readonly string[]): string[] {
  const lines: string[] = [];
  for (const [file, text] of sources) {
    const from = unitOf(file);
    if (!ring.includes(from)) continue;
    for (const match of text.matchAll(IMPORT)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1] ?? match[2]!));
      const to = unitOf(target);
      if (to !== from && ring.includes(to)) lines.push(`${file} → ${target}`);
    }
  }
  return lines;
}

describe('server/src architecture', () => {
  it('has no import cycle between folders', () => {
    const sources = readSources(SRC);
    expect(sources.size).toBeGreaterThan(50);
    const rings = cycles(unitGraph(sources)).map((ring) => ({ ring, imports: explain(sources, ring) }));
    expect(rings).toEqual([]);
  });

  it('sees the import directions it must (auth is imported by graphql, not the reverse)', () => {
    const graph = unitGraph(readSources(SRC));
    expect(graph.get('graphql')).toContain('auth');
    expect(graph.get('auth')).not.toContain('graphql');
  });

  it('catches a cycle: a ring of imports, through type-only, re-exports and dynamic imports too', () => {
    const ring = new Map([
      ['auth/plugin.ts', "import type { GraphQLContext } from '../graphql/context.js';"],
      ['graphql/context.ts', "export { x } from '../tokens/service.js';"],
      ['tokens/service.ts', "const m = await import('../auth/plugin.js');"],
      ['app.ts', "import { a } from './auth/plugin.js';\nimport { g } from './graphql/context.js';"],
    ]);
    expect(cycles(unitGraph(ring))).toEqual([['auth', 'graphql', 'tokens']]);
    // Break one link and the ring is gone.
    ring.set('tokens/service.ts', "import { u } from '../ids.js';");
    expect(cycles(unitGraph(ring))).toEqual([]);
  });
});
