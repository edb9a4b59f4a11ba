/**
 * Dependency ordering for the unit of work. Strongly connected components (Tarjan) give a
 * topological order of components; only a real cycle (a component of several nodes, or a node
 * that depends on itself) needs row-level ordering. Nothing else is ever "broken".
 * @module
 */

/** A component of the graph: its nodes and whether it contains a cycle. */
export interface Component<T> {
  readonly nodes: T[];
  readonly cyclic: boolean;
}

/**
 * Components in dependency order: every node comes after the nodes it depends on
 * (`dependsOn(n)`); ties keep input order.
 */
export function sortComponents<T>(nodes: readonly T[], dependsOn: (n: T) => Iterable<T>): Component<T>[] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const out: Component<T>[] = [];
  const inSet = new Set(nodes);
  let counter = 0;
  const visit = (v: T): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of dependsOn(v)) {
      if (!inSet.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: T[] = [];
      let w: T;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const self = comp.length === 1 && [...dependsOn(v)].includes(v);
      comp.sort((a, b) => nodes.indexOf(a) - nodes.indexOf(b));
      // Tarjan emits a component after every component it depends on: dependency order
      out.push({ nodes: comp, cyclic: comp.length > 1 || self });
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out;
}

/**
 * Topological order of `nodes` (dependencies first, input order kept where free); throws
 * `onCycle(cycleNodes)` when the graph has a cycle.
 */
export function sortNodes<T>(nodes: readonly T[], dependsOn: (n: T) => Iterable<T>, onCycle: (nodes: T[]) => Error): T[] {
  const comps = sortComponents(nodes, dependsOn);
  const out: T[] = [];
  for (const c of comps) {
    if (c.cyclic) throw onCycle(c.nodes);
    out.push(...c.nodes);
  }
  return out;
}
