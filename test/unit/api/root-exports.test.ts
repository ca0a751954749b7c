import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** Every name the root entry exports (values and types), sorted. */
function rootExports(): string[] {
  const entry = here('../../../src/index.ts');
  const program = ts.createProgram([entry], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error('src/index.ts has no module symbol');
  return checker
    .getExportsOfModule(symbol)
    .map((s) => s.getName())
    .sort();
}

describe('the root entry', () => {
  it('exports exactly the checked-in list (a new export is a deliberate change of root-exports.txt)', () => {
    const expected = readFileSync(here('./root-exports.txt'), 'utf8').split('\n').filter(Boolean);
    expect(rootExports()).toEqual(expected);
  }, 60_000);
});
