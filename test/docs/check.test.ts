import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSamples, formatProblems, REPO_ROOT } from './check.js';
import { extractSamples } from './extract.js';

const DOC = [
  '# A page',
  '',
  '```ts',
  "import { MemoryStateStore } from 'qbo-intellitrack-sync';",
  'const store = new MemoryStateStore();',
  'await store.close();',
  '```',
  '',
  'Some prose.',
  '',
  '```typescript',
  "import { silentLogger } from 'qbo-intellitrack-sync';",
  '',
  'const n: number = silentLogger;',
  '```',
  '',
  '```ts no-check',
  'sync.syncAll(); // a fragment',
  '```',
  '',
  '````ts',
  "import { startQboEmulator } from 'qbo-intellitrack-sync/testing';",
  "import { SqliteStateStore } from 'qbo-intellitrack-sync/sqlite';",
  '/*',
  '```',
  '*/',
  'export const kinds = [startQboEmulator, SqliteStateStore] as const;',
  '````',
  '',
  '```sh',
  'npm test',
  '```',
].join('\n');

describe('extractSamples', () => {
  const samples = extractSamples('docs/page.md', DOC);

  it('finds ts and typescript blocks with the line of their first code line, and no other language', () => {
    expect(samples.map((s) => [s.line, s.noCheck])).toEqual([
      [4, false],
      [12, false],
      [18, true],
      [22, false],
    ]);
  });

  it('keeps a shorter fence inside a longer one as code', () => {
    expect(samples[3]?.code.split('\n')).toHaveLength(6);
  });
});

describe('checkSamples', () => {
  const samples = extractSamples('docs/page.md', DOC).filter((s) => !s.noCheck);

  it('reports a broken sample with its document, line and compiler message, and passes the others', () => {
    const problems = checkSamples(samples, join(REPO_ROOT, 'test/docs/.samples/self-test'));
    expect(formatProblems(problems)).toMatch(/^docs\/page\.md:14 TS2322 Type .* is not assignable to type 'number'\.$/);
  }, 120_000);

  it('reports a missing import and an undeclared name', () => {
    const broken = extractSamples(
      'README.md',
      "```ts\nimport { NoSuchExport } from 'qbo-intellitrack-sync';\nundeclaredThing();\n```\n",
    );
    const problems = checkSamples(broken, join(REPO_ROOT, 'test/docs/.samples/self-test-2'));
    expect(problems.map((p) => [p.doc, p.line, p.code])).toEqual([
      ['README.md', 2, 2305],
      ['README.md', 3, 2304],
    ]);
  }, 120_000);
});
