// Ordering of the implementations of one hook. Deterministic by construction:
//   1. tier: `order: 'pre'`, then unmarked, then `order: 'post'`;
//   2. within a tier, `before`/`after` constraints (a topological sort);
//   3. ties broken by registration order.
// Constraints that cross tiers are ignored, because the tier already decides (rule 1 beats rule 2),
// and constraints naming plugins that do not implement this hook are ignored, because optional
// plugins may be absent. pluggy's tryfirst/trylast is rule 1; rule 2 is what pluggy#705 asks for.
import { OrderCycleError } from './errors.js';

/** The ordering-relevant facts of one implementation. */
export interface OrderNode {
  readonly plugin: string;
  readonly order: 'pre' | 'post' | undefined;
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Registration sequence number: lower registered earlier. */
  readonly seq: number;
}

const tierOf = (node: OrderNode): number => (node.order === 'pre' ? 0 : node.order === 'post' ? 2 : 1);

/**
 * Sort the implementations of `hook`. Returns a new array.
 * @throws {OrderCycleError} naming `newcomer` (the plugin being registered) when the constraints of one tier are cyclic.
 */
export function sortNodes<T extends OrderNode>(nodes: readonly T[], hook: string, newcomer: string): T[] {
  const tiers: T[][] = [[], [], []];
  for (const node of nodes) tiers[tierOf(node)]!.push(node);
  const sorted: T[] = [];
  for (const tier of tiers) {
    if (tier.length > 0) sorted.push(...sortTier(tier, hook, newcomer));
  }
  return sorted;
}

function sortTier<T extends OrderNode>(tier: T[], hook: string, newcomer: string): T[] {
  // Fast path: no constraints at all is the common case; registration order is the answer.
  if (tier.every((n) => n.before.length === 0 && n.after.length === 0)) {
    return tier.sort((a, b) => a.seq - b.seq);
  }
  const byName = new Map<string, T>(tier.map((n) => [n.plugin, n]));
  const successors = new Map<T, Set<T>>(tier.map((n) => [n, new Set<T>()]));
  const indegree = new Map<T, number>(tier.map((n) => [n, 0]));
  const edge = (from: T, to: T): void => {
    const set = successors.get(from)!;
    if (!set.has(to)) {
      set.add(to);
      indegree.set(to, indegree.get(to)! + 1);
    }
  };
  for (const node of tier) {
    for (const name of node.before) {
      const other = byName.get(name);
      if (other) edge(node, other);
    }
    for (const name of node.after) {
      const other = byName.get(name);
      if (other) edge(other, node);
    }
  }
  // Kahn's algorithm, always taking the earliest-registered ready node so ties are deterministic.
  const ready = tier.filter((n) => indegree.get(n) === 0);
  const out: T[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (ready[i]!.seq < ready[best]!.seq) best = i;
    const node = ready.splice(best, 1)[0]!;
    out.push(node);
    for (const next of successors.get(node)!) {
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) ready.push(next);
    }
  }
  if (out.length < tier.length) {
    const left = tier.filter((n) => !out.includes(n));
    throw new OrderCycleError({ plugin: newcomer, hook, cycle: findCycle(left, successors) });
  }
  return out;
}

/** A cycle among the unsorted nodes, as names, closed and in run order: a → b → a. */
function findCycle<T extends OrderNode>(left: T[], successors: Map<T, Set<T>>): string[] {
  // Every unsorted node still has an unsorted predecessor (else Kahn would have freed it), so
  // walking predecessors from any of them must revisit a node: that loop is a cycle. Successors
  // would not do: a node merely behind a cycle has none left.
  const remaining = new Set(left);
  const predecessor = (node: T): T => left.find((p) => successors.get(p)!.has(node) && remaining.has(p))!;
  const path: T[] = [];
  let node = [...left].sort((a, b) => a.seq - b.seq)[0]!;
  while (!path.includes(node)) {
    path.push(node);
    node = predecessor(node);
  }
  const loop = path.slice(path.indexOf(node)).reverse();
  return [...loop, loop[0]!].map((n) => n.plugin);
}
