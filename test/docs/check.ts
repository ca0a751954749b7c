/**
 * Type-checks documentation samples as a user would compile them: each sample becomes a module in a
 * scratch directory whose tsconfig extends the repository's (same strict options) and maps the
 * package's entry points to `src/`, and one TypeScript program checks them all.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { DocSample } from './extract.js';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A compiler error in a sample, located in the Markdown file. */
export interface SampleProblem {
  doc: string;
  /** 1-based line in the Markdown file. */
  line: number;
  code: number;
  message: string;
}

const ENTRY_POINTS: Record<string, string> = {
  'qbo-intellitrack-sync': 'src/index.ts',
  'qbo-intellitrack-sync/testing': 'src/testing/index.ts',
  'qbo-intellitrack-sync/testing/msw': 'src/testing/msw.ts',
  'qbo-intellitrack-sync/sqlite': 'src/sqlite/index.ts',
  'qbo-intellitrack-sync/postgres': 'src/postgres/index.ts',
  'qbo-intellitrack-sync/worker': 'src/worker/index.ts',
};

/**
 * Writes `samples` into `dir` (emptied first) and type-checks them with one program.
 *
 * @param dir - scratch directory inside the repository, so `"type": "module"` and the
 *   repository's `node_modules` apply exactly as they would for a user.
 * @returns every problem, ordered by document and line; empty when all samples compile.
 */
export function checkSamples(samples: readonly DocSample[], dir: string): SampleProblem[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const byFile = new Map<string, DocSample>();
  for (const [index, sample] of samples.entries()) {
    const file = join(dir, `${String(index).padStart(3, '0')}-${slug(sample.doc)}-L${sample.line}.ts`);
    // The trailing export makes every sample a module of its own, so top-level await works and
    // names never clash between samples.
    writeFileSync(file, `${sample.code}\nexport {};\n`);
    byFile.set(resolve(file), sample);
  }
  const program = ts.createProgram({ rootNames: [...byFile.keys()], options: writeConfig(dir) });
  const problems: SampleProblem[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    (d) => ({ doc: '(compiler options)', line: 0, code: d.code, message: flatten(d) }),
  );
  for (const [file, sample] of byFile) {
    const source = program.getSourceFile(file);
    if (!source) {
      problems.push({ doc: sample.doc, line: sample.line, code: 0, message: 'sample was not compiled' });
      continue;
    }
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const d of diagnostics) problems.push(locate(d, sample));
  }
  return problems.sort((a, b) => a.doc.localeCompare(b.doc) || a.line - b.line);
}

/** Formats problems one per line as `docs/x.md:12 TS2304 Cannot find name 'y'.` */
export function formatProblems(problems: readonly SampleProblem[]): string {
  return problems.map((p) => `${p.doc}:${p.line} TS${p.code} ${p.message}`).join('\n');
}

function writeConfig(dir: string): ts.CompilerOptions {
  const paths = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([name, target]) => [name, [relative(dir, join(REPO_ROOT, target))]]),
  );
  const config = {
    extends: relative(dir, join(REPO_ROOT, 'tsconfig.json')),
    compilerOptions: { paths, noEmit: true },
    include: ['*.ts'],
  };
  const configPath = join(dir, 'tsconfig.json');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(`samples tsconfig: ${flatten(d)}`);
      },
    },
  );
  if (!parsed) throw new Error(`samples tsconfig could not be read: ${configPath}`);
  return parsed.options;
}

function locate(d: ts.Diagnostic, sample: DocSample): SampleProblem {
  const offset = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
  return { doc: sample.doc, line: sample.line + offset, code: d.code, message: flatten(d) };
}

function flatten(d: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.messageText, ' ');
}

function slug(doc: string): string {
  return doc.replace(/\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '-');
}
