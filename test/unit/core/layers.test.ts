import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

/** Folders whose code must not depend on the layers above them. */
const LOWER = ['core', 'qbo', 'intellitrack'];
const UPPER = ['mappers', 'sync'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier `file` imports or re-exports, statically or with `import()`. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The top-level folder of src/ that relative specifier `spec` of `file` points into, if any. */
function layerOf(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(SRC, resolve(dirname(file), spec)).split(/[\\/]/)[0];
}

describe('layers', () => {
  it('clients and core never import mappers or sync', () => {
    const offending = LOWER.flatMap((folder) =>
      sourceFiles(join(SRC, folder)).flatMap((file) =>
        specifiers(file)
          .filter((spec) => UPPER.includes(layerOf(file, spec) ?? ''))
          .map((spec) => `${relative(SRC, file)} imports ${spec}`),
      ),
    );
    expect(offending).toEqual([]);
  });

  it('sees the imports it checks', () => {
    const bulk = join(SRC, 'intellitrack', 'bulk.ts');
    expect(specifiers(bulk).map((spec) => layerOf(bulk, spec))).toContain('core');
  });
});
