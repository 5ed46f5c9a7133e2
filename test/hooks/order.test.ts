import { describe, expect, it } from 'vitest';
import { createHooks, OrderCycleError, wrap } from '../../src/hooks/index.js';
import { type OrderNode, sortNodes } from '../../src/hooks/order.js';

interface H {
  run(log: string[]): void;
  other(): void;
}
const make = () => createHooks<H>()({ run: { kind: 'series' }, other: { kind: 'series' } });
const impl = (name: string) => ({ run: (log: string[]) => void log.push(name) });

const order = (hooks: ReturnType<typeof make>): string[] => {
  const log: string[] = [];
  hooks.call('run', log);
  return log;
};

describe('ordering', () => {
  it('defaults to registration order', () => {
    const hooks = make();
    for (const n of ['a', 'b', 'c']) hooks.register(impl(n), { name: n });
    expect(order(hooks)).toEqual(['a', 'b', 'c']);
    expect(hooks.plugins('run')).toEqual(['a', 'b', 'c']);
  });

  it("puts order: 'pre' first and 'post' last, keeping registration order within each tier", () => {
    const hooks = make();
    hooks.register(impl('post1'), { name: 'post1', order: 'post' });
    hooks.register(impl('mid1'), { name: 'mid1' });
    hooks.register(impl('pre1'), { name: 'pre1', order: 'pre' });
    hooks.register(impl('post2'), { name: 'post2', order: 'post' });
    hooks.register(impl('pre2'), { name: 'pre2', order: 'pre' });
    hooks.register(impl('mid2'), { name: 'mid2' });
    expect(order(hooks)).toEqual(['pre1', 'pre2', 'mid1', 'mid2', 'post1', 'post2']);
  });

  it('applies before/after within a tier', () => {
    const hooks = make();
    hooks.register(impl('a'), { name: 'a' });
    hooks.register(impl('b'), { name: 'b', before: ['a'] });
    hooks.register(impl('c'), { name: 'c', after: ['d'] });
    hooks.register(impl('d'), { name: 'd' });
    expect(order(hooks)).toEqual(['b', 'a', 'd', 'c']);
  });

  it('lets the tier win over a before/after that crosses tiers', () => {
    const hooks = make();
    hooks.register(impl('early'), { name: 'early', order: 'pre', after: ['late'] });
    hooks.register(impl('late'), { name: 'late', order: 'post', before: ['early'] });
    expect(order(hooks)).toEqual(['early', 'late']);
  });

  it('ignores constraints naming plugins that are not registered', () => {
    const hooks = make();
    hooks.register(impl('a'), { name: 'a', after: ['missing'] });
    hooks.register(impl('b'), { name: 'b', before: ['missing'] });
    expect(order(hooks)).toEqual(['a', 'b']);
  });

  it('ignores constraints naming plugins that do not implement this hook', () => {
    const hooks = make();
    hooks.register({ other: () => {} }, { name: 'x' });
    hooks.register(impl('a'), { name: 'a', after: ['x'] });
    hooks.register(impl('b'), { name: 'b', before: ['x'] });
    expect(order(hooks)).toEqual(['a', 'b']);
  });

  it('depends only on who is registered, also after an unregister', () => {
    // a must follow c; b is free. With a, b, c registered: b, c, a. Without c, a comes first again
    // (it registered first); merely deleting c from [b, c, a] would give [b, a].
    const hooks = make();
    hooks.register(impl('a'), { name: 'a', after: ['c'] });
    hooks.register(impl('b'), { name: 'b' });
    const undoC = hooks.register(impl('c'), { name: 'c' });
    expect(order(hooks)).toEqual(['b', 'c', 'a']);
    undoC();
    expect(order(hooks)).toEqual(['a', 'b']);
  });

  it('orders wrappers outside plain implementations, outermost first, by the same rules', () => {
    const hooks = make();
    const wrapper = (name: string) => ({
      run: wrap((next: () => ReturnType<H['run']>[], log: string[]) => {
        log.push(`${name}(`);
        const r = next();
        log.push(`)${name}`);
        return r;
      }),
    });
    hooks.register(impl('plain'), { name: 'plain', order: 'pre' });
    hooks.register(wrapper('w1'), { name: 'w1' });
    hooks.register(wrapper('w2'), { name: 'w2', before: ['w1'] });
    expect(order(hooks)).toEqual(['w2(', 'w1(', 'plain', ')w1', ')w2']);
    expect(hooks.plugins('run')).toEqual(['w2', 'w1', 'plain']);
  });
});

describe('order cycles', () => {
  it('are refused at registration with a coded error naming plugin, hook and cycle', () => {
    const hooks = make();
    hooks.register(impl('a'), { name: 'a', before: ['b'] });
    hooks.register(impl('b'), { name: 'b', before: ['c'] });
    let error: unknown;
    try {
      hooks.register(impl('c'), { name: 'c', before: ['a'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OrderCycleError);
    expect(error).toMatchObject({ code: 'order-cycle', plugin: 'c', hook: 'run' });
    const { cycle } = error as OrderCycleError;
    expect(cycle[0]).toBe(cycle.at(-1));
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
    expect((error as Error).message).toContain('→');
  });

  it('leave nothing registered, on any hook', () => {
    const hooks = make();
    hooks.register(impl('a'), { name: 'a', before: ['b'] });
    expect(() => hooks.register({ ...impl('b'), other: () => {} }, { name: 'b', before: ['a'] })).toThrow(
      OrderCycleError,
    );
    expect(hooks.plugins('run')).toEqual(['a']);
    expect(hooks.plugins('other')).toEqual([]);
    // The name is free again.
    hooks.register(impl('b'), { name: 'b' });
    expect(order(hooks)).toEqual(['a', 'b']);
  });

  it('include a plugin that must run before itself', () => {
    const hooks = make();
    expect(() => hooks.register(impl('a'), { name: 'a', after: ['a'] })).toThrow(
      expect.objectContaining({ code: 'order-cycle', cycle: ['a', 'a'] }),
    );
  });

  it('are only cycles within a tier', () => {
    const hooks = make();
    hooks.register(impl('a'), { name: 'a', order: 'pre', after: ['b'] });
    hooks.register(impl('b'), { name: 'b', after: ['a'] });
    expect(order(hooks)).toEqual(['a', 'b']);
  });
});

describe('sortNodes', () => {
  const node = (plugin: string, seq: number, extra: Partial<OrderNode> = {}): OrderNode => ({
    plugin,
    seq,
    order: undefined,
    before: [],
    after: [],
    ...extra,
  });

  it('breaks ties by registration order, whatever the input order', () => {
    const nodes = [node('c', 2), node('a', 0, { before: ['c'] }), node('b', 1)];
    const expected = ['a', 'b', 'c'];
    expect(sortNodes(nodes, 'h', 'x').map((n) => n.plugin)).toEqual(expected);
    expect(sortNodes([...nodes].reverse(), 'h', 'x').map((n) => n.plugin)).toEqual(expected);
  });

  it('reports the cycle itself, not a node merely behind it', () => {
    // d comes after the a ⇄ b cycle but is not part of it.
    const nodes = [node('d', 0, { after: ['a'] }), node('a', 1, { before: ['b'] }), node('b', 2, { before: ['a'] })];
    expect(() => sortNodes(nodes, 'h', 'b')).toThrow(
      expect.objectContaining({ cycle: expect.not.arrayContaining(['d']) }),
    );
  });
});
