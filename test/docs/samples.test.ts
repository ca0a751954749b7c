import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSamples, formatProblems, REPO_ROOT, type SampleProblem } from './check.js';
import { type DocSample, extractSamples } from './extract.js';

/** README.md and every Markdown file under docs/ except the generated API reference. */
function documents(): string[] {
  const found = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && path !== 'docs/api') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  return found.sort();
}

const docs = documents();
const samples: DocSample[] = docs.flatMap((doc) => extractSamples(doc, readFileSync(join(REPO_ROOT, doc), 'utf8')));
const checked = samples.filter((s) => !s.noCheck);
let problems: SampleProblem[] = [];

describe('every TypeScript sample in the docs compiles against src/', () => {
  beforeAll(() => {
    problems = checkSamples(checked, join(REPO_ROOT, 'test/docs/.samples/docs'));
  }, 120_000);

  it('finds the samples', () => {
    expect(samples.length).toBeGreaterThan(0);
    expect(relative(REPO_ROOT, join(REPO_ROOT, 'test/docs/.samples'))).toBe('test/docs/.samples');
  });

  it('has no compiler-option problem', () => {
    expect(formatProblems(problems.filter((p) => p.line === 0))).toBe('');
  });

  const withSamples = docs.filter((doc) => checked.some((s) => s.doc === doc));
  it.each(withSamples)('%s', (doc) => {
    expect(formatProblems(problems.filter((p) => p.doc === doc))).toBe('');
  });
});
