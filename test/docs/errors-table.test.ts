import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cli from '../../src/cli/exit-codes.js';
import { exitCodeForError } from '../../src/cli/exit-codes.js';
import { QboItSyncError } from '../../src/core/errors.js';
import * as root from '../../src/index.js';
import * as sqlite from '../../src/sqlite/index.js';
import * as testing from '../../src/testing/index.js';
import { REPO_ROOT } from './check.js';

type ErrorClass = abstract new (...args: never[]) => QboItSyncError;

/** Every error class a user can meet: exported by an entry point of the package (or the CLI's). */
function errorClasses(): Map<string, ErrorClass> {
  const found = new Map<string, ErrorClass>();
  for (const entry of [root, sqlite, testing, cli] as Record<string, unknown>[]) {
    for (const [name, value] of Object.entries(entry)) {
      if (typeof value !== 'function') continue;
      if (value === QboItSyncError || value.prototype instanceof QboItSyncError) {
        found.set(name, value as ErrorClass);
      }
    }
  }
  return found;
}

/** The rows of the table under "## Every error class" in docs/errors.md: class name -> exit column. */
function tableRows(): Map<string, string> {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
  const section = text.split(/^## Every error class$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`(\w+)`/.exec(cells[1] ?? '')?.[1];
    if (name && cells.length >= 6) rows.set(name, cells[3] ?? '');
  }
  return rows;
}

describe('docs/errors.md', () => {
  const classes = errorClasses();
  const rows = tableRows();

  it('finds the exported error classes and the table', () => {
    expect(classes.size).toBeGreaterThan(20);
    expect(rows.size).toBeGreaterThan(20);
  });

  it('has a row for every exported error class, and none for a class that is not exported', () => {
    const missing = [...classes.keys()].filter((name) => !rows.has(name)).sort();
    expect(missing, 'add a row to the table in docs/errors.md for each').toEqual([]);
    const stale = [...rows.keys()].filter((name) => !classes.has(name)).sort();
    expect(stale, 'rows for classes no entry point exports').toEqual([]);
  });

  it('gives the exit code qbo-it uses when each error stops a command', () => {
    for (const [name, cls] of classes) {
      const stated = Number(/^\d+/.exec(rows.get(name) ?? '')?.[0]);
      const actual = exitCodeForError(Object.create(cls.prototype) as unknown);
      expect({ name, exit: stated }).toEqual({ name, exit: actual });
    }
  });
});
