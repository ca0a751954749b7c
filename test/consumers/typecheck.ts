/**
 * TypeScript consumers of the installed package: the public-types sample compiled under each module
 * resolution users pick, and every TypeScript sample of the shipped README and docs, always with
 * `strict` on and `skipLibCheck` off (so the package's own .d.ts files are checked too).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { extractSamples } from '../docs/extract.js';

/** The module resolutions checked, with the module setting each one goes with. */
export const RESOLUTIONS = {
  node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, cjs: true },
  nodenext: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, cjs: true },
  bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, cjs: false },
} as const;

/** One of {@link RESOLUTIONS}. */
export type Resolution = keyof typeof RESOLUTIONS;

const LIB = ['lib.es2023.d.ts'];
const STRICT: ts.CompilerOptions = {
  strict: true,
  skipLibCheck: false,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: LIB,
  types: ['node'],
};

/**
 * Compiles `files` (absolute) as one program; returns one line per diagnostic, empty when clean.
 * `dom` adds the DOM library, which msw's declarations need (msw documents it).
 */
export function compile(
  files: readonly string[],
  resolution: Resolution,
  dom = false,
  locate = (at: string) => at,
): string[] {
  const { module, moduleResolution } = RESOLUTIONS[resolution];
  const lib = dom ? [...LIB, 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'] : LIB;
  const program = ts.createProgram({ rootNames: [...files], options: { ...STRICT, lib, module, moduleResolution } });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const at =
      d.file && d.start !== undefined
        ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}`
        : '(options)';
    return `${locate(at)} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/**
 * Copies each `fixtures` sample into `<project>/ts-<resolution>/` as an ES module (`.mts`) and,
 * where the resolution has a CommonJS mode, as CommonJS (`.cts`), and compiles them.
 */
export function checkSamples(project: string, fixtures: readonly string[], resolution: Resolution): string[] {
  const dir = join(project, `ts-${resolution}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const fixture of fixtures) {
    const base = fixture.replace(/^.*\//, '').replace(/\.ts$/, '');
    const extensions = RESOLUTIONS[resolution].cjs ? ['.mts', '.cts'] : ['.ts'];
    for (const ext of extensions) {
      files.push(join(dir, `${base}${ext}`));
      copyFileSync(fixture, join(dir, `${base}${ext}`));
    }
  }
  return compile(files, resolution);
}

/**
 * Type-checks every TypeScript sample of the installed package's README.md and docs/ (blocks marked
 * `no-check` aside) against the package itself, under `nodenext`, with the `extra` files (samples
 * that, like some docs samples, use msw) in the same program.
 * @returns the samples checked and the problems, located in the Markdown files.
 */
export function checkDocSamples(project: string, extra: readonly string[]): { count: number; problems: string[] } {
  const pkg = join(project, 'node_modules/qbo-intellitrack-sync');
  const dir = join(project, 'docs-samples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const origin = new Map<string, { doc: string; line: number }>();
  for (const doc of markdownFiles(pkg)) {
    const samples = extractSamples(doc, readFileSync(join(pkg, doc), 'utf8')).filter((s) => !s.noCheck);
    for (const sample of samples) {
      const file = resolve(dir, `${origin.size.toString().padStart(3, '0')}.mts`);
      writeFileSync(file, `${sample.code}\nexport {};\n`);
      origin.set(file, { doc: sample.doc, line: sample.line });
    }
  }
  const locate = (at: string): string => {
    const [file = '', line = '0'] = at.split(/:(?=\d+$)/);
    const from = origin.get(file);
    return from ? `${from.doc}:${from.line + Number(line) - 1}` : at;
  };
  for (const file of extra) copyFileSync(file, join(dir, file.replace(/^.*\//, '').replace(/\.ts$/, '.mts')));
  const files = [...origin.keys(), ...extra.map((f) => join(dir, f.replace(/^.*\//, '').replace(/\.ts$/, '.mts')))];
  return { count: origin.size, problems: compile(files, 'nodenext', true, locate) };
}

function markdownFiles(pkg: string): string[] {
  const docs = readdirSync(join(pkg, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md') && !path.startsWith('api/'))
    .map((path) => `docs/${path}`);
  return ['README.md', ...docs].sort();
}
