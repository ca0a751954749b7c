import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCli } from '../../../src/cli/program.js';
import { PG_SCHEMA_VERSION } from '../../../src/postgres/index.js';
import { databaseUrl, dropSchema, testPool, testSchema } from '../../support/postgres.js';
import { jsonLines } from '../cli/harness.js';

/** `qbo-it <args> --json` in process; its exit code and stdout lines. */
async function qboIt(args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await runCli([...args, '--json'], {
    io: { stdout, stderr: new PassThrough(), isTTY: false },
    env,
    signal: new AbortController().signal,
  });
  return { code, lines: jsonLines(Buffer.concat(chunks).toString('utf8')) };
}

describe.skipIf(!databaseUrl)('qbo-it migrate', () => {
  it('creates the schema, then finds it current; without a database URL it is a usage error', async () => {
    const schema = testSchema('cli');
    const pool = testPool(1);
    try {
      const first = await qboIt(['migrate', '--schema', schema], { DATABASE_URL: databaseUrl as string });
      expect(first.code).toBe(ExitCode.ok);
      expect(first.lines.at(-1)).toMatchObject({ type: 'migrate', schema, from: 0, to: PG_SCHEMA_VERSION });
      const again = await qboIt(['migrate', '--database-url', databaseUrl as string, '--schema', schema]);
      expect(again.lines.at(-1)).toMatchObject({ from: PG_SCHEMA_VERSION, to: PG_SCHEMA_VERSION });
      const missing = await qboIt(['migrate']);
      expect(missing.code).toBe(ExitCode.usage);
      expect(missing.lines.at(-1)).toMatchObject({ type: 'error', name: 'CliUsageError' });
    } finally {
      await dropSchema(pool, schema);
      await pool.end();
    }
  });
});
