/**
 * Topological sort with cycle reporting. `deps(n)` lists the nodes that must come before `n`.
 * Ties keep input order, so the output is deterministic.
 */
export interface TopoResult<T> {
  order: T[];
  /** Edges [before, after] that had to be dropped to break cycles (empty when acyclic). */
  brokenEdges: [T, T][];
}

export function topoSort<T>(nodes: readonly T[], deps: (n: T) => Iterable<T>): TopoResult<T> {
  const index = new Map<T, number>();
  nodes.forEach((n, i) => index.set(n, i));
  const before = new Map<T, Set<T>>();
  for (const n of nodes) {
    const set = new Set<T>();
    for (const d of deps(n)) if (d !== n && index.has(d)) set.add(d);
    before.set(n, set);
  }
  const order: T[] = [];
  const done = new Set<T>();
  const brokenEdges: [T, T][] = [];
  while (order.length < nodes.length) {
    let progressed = false;
    for (const n of nodes) {
      if (done.has(n)) continue;
      let ready = true;
      for (const d of before.get(n)!) if (!done.has(d)) { ready = false; break; }
      if (ready) {
        done.add(n);
        order.push(n);
        progressed = true;
      }
    }
    if (!progressed) {
      // cycle: break the edges into the first remaining node (input order) and retry
      const n = nodes.find((x) => !done.has(x))!;
      for (const d of before.get(n)!) if (!done.has(d)) brokenEdges.push([d, n]);
      before.set(n, new Set([...before.get(n)!].filter((d) => done.has(d))));
    }
  }
  return { order, brokenEdges };
}
