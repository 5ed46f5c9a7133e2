import { describe, expectTypeOf, test } from 'vitest';
import * as z from 'zod';
import { defineGroup, type Group, type Isolated } from '../../src/index.js';

interface Formatter {
  readonly name: string;
  readonly extensions: string[];
  format(source: string, options?: { width: number }): string;
  check(source: string): Promise<boolean>;
  readonly nested: { deep(n: number): number; readonly when: Date };
}

describe('Isolated<T>', () => {
  test('every function returns a promise of its awaited result; data stays as it is', () => {
    type F = Isolated<Formatter>;
    expectTypeOf<F['format']>().toEqualTypeOf<(source: string, options?: { width: number }) => Promise<string>>();
    expectTypeOf<F['check']>().toEqualTypeOf<(source: string) => Promise<boolean>>();
    expectTypeOf<F['name']>().toEqualTypeOf<string>();
    expectTypeOf<F['nested']['deep']>().toEqualTypeOf<(n: number) => Promise<number>>();
    // Structured clone copies a Date as a Date: its methods are not made async.
    expectTypeOf<F['nested']['when']>().toEqualTypeOf<Date>();
    expectTypeOf<Isolated<(x: number) => string>>().toEqualTypeOf<(x: number) => Promise<string>>();
  });
});

describe('defineGroup with isolate', () => {
  test('a declared type becomes Isolated<T>', () => {
    const group = defineGroup<Formatter>('app.formatters', { isolate: 'worker' });
    expectTypeOf(group).toEqualTypeOf<Group<Isolated<Formatter>>>();
    expectTypeOf(group.dispose).toEqualTypeOf<() => Promise<void>>();
  });

  test("the schema's output becomes Isolated<output>", () => {
    const schema = z.object({ format: z.custom<(s: string) => string>((f) => typeof f === 'function') });
    const group = defineGroup('app.formatters', { schema, isolate: { mode: 'process', callTimeout: 500 } });
    expectTypeOf(group.load('x')).resolves.toEqualTypeOf<{ readonly format: (s: string) => Promise<string> }>();
  });

  test('with invoke, the invoked result becomes Isolated', () => {
    const factories = defineGroup<(prefix: string) => { hello(x: string): string }>('app.greeters', {
      invoke: ['hi '],
      isolate: 'worker',
    });
    expectTypeOf(factories).toEqualTypeOf<Group<{ readonly hello: (x: string) => Promise<string> }>>();
    const classes = defineGroup<new (p: string) => { greet(): string }>('app.greeters', {
      invoke: ['x'],
      isolate: 'process',
    });
    expectTypeOf(classes.load('x')).resolves.toEqualTypeOf<{ readonly greet: () => Promise<string> }>();
  });

  test('without isolate nothing changes', () => {
    expectTypeOf(defineGroup<Formatter>('app.formatters')).toEqualTypeOf<Group<Formatter>>();
  });

  test('isolate options are checked', () => {
    // @ts-expect-error no such mode
    defineGroup<Formatter>('app.formatters', { isolate: 'thread' });
    // @ts-expect-error a permission plugboard does not know
    defineGroup<Formatter>('app.formatters', { isolate: { mode: 'process', grant: { network: true } } });
  });
});
