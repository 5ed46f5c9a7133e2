/**
 * The built `plugboard/hooks` entry names only types it exports: a user can write down every type
 * one of its signatures shows (`wrap()`'s `SyncWrapper`, `with()`'s `HookCaller`, a monitor's
 * `HookCallInfo`, a base class's `PlugboardError`, …). Read with the TypeScript compiler from the
 * published declarations, so it runs after `npm run build` (as `npm test` does).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/fixtures.js';

const entry = join(repoRoot, 'dist/hooks/index.d.ts');
const dist = join(repoRoot, 'dist');

/** `export name -> local type it names` for every type named by an export that the entry does not export. */
function unexportedTypes(): string[] {
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const resolve = (symbol: ts.Symbol): ts.Symbol =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const exported = new Set(exports.map(resolve));
  const ours = (symbol: ts.Symbol): boolean =>
    (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(dist));
  const problems = new Set<string>();
  for (const symbol of exports) {
    for (const declaration of resolve(symbol).declarations ?? []) {
      const visit = (node: ts.Node): void => {
        let named: ts.Node | undefined;
        if (ts.isTypeReferenceNode(node)) named = node.typeName;
        else if (ts.isExpressionWithTypeArguments(node)) named = node.expression;
        const found = named === undefined ? undefined : checker.getSymbolAtLocation(named);
        if (found !== undefined) {
          const target = resolve(found);
          if (!(target.flags & ts.SymbolFlags.TypeParameter) && ours(target) && !exported.has(target)) {
            problems.add(`${symbol.name} -> ${target.name}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(declaration);
    }
  }
  return [...problems].sort();
}

test('every type named by a signature of the built plugboard/hooks entry is exported from it', () => {
  expect(existsSync(entry), 'dist/hooks/index.d.ts is missing: run `npm run build` first').toBe(true);
  expect(unexportedTypes()).toEqual([]);
});
