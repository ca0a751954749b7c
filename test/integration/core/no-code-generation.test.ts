/**
 * The schema checks write a function per object schema where the runtime allows it. Where it does not
 * (Node started with `--disallow-code-generation-from-strings`, a locked-down host), the boundary and
 * the clients' parsing must answer the same, through the key walk.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, TSX_LOADER } from '../cli/harness.js';

describe('schema checks without code generation from strings', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qbo-it-no-eval-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(flags: string[]): Promise<Record<string, unknown>> {
    const script = join(dir, 'check.mts');
    const module = pathToFileURL(join(ROOT, 'src/index.ts')).href;
    await writeFile(
      script,
      [
        `const { defaultMappers, createMapLookup, MappingError } = await import(${JSON.stringify(module)});`,
        'let evalAllowed = true;',
        "try { new Function('return 1'); } catch { evalAllowed = false; }",
        "const ctx = { settings: { divisionId: 'div-1', defaultUom: 'EA', defaultSiteId: 's', defaultLocationId: 'l', adjustmentAccountId: '90' },",
        "  lookup: createMapLookup({}), today: '2026-12-04', now: '2026-12-04T00:00:00.000Z' };",
        "const vendor = { Id: '7', DisplayName: 'Acme Supply', Active: true, PrimaryEmailAddr: { Address: 'a@example.com' },",
        "  BillAddr: { Line1: '1 Main St', City: 'Portland', CountrySubDivisionCode: 'OR', PostalCode: '97201' } };",
        'const mapped = defaultMappers.vendor(vendor, ctx).value;',
        'const refused = [];',
        "for (const broken of [{ ...vendor, DisplayName: 42 }, { ...vendor, BillAddr: { ...vendor.BillAddr, City: 7 } }, { ...vendor, Active: 'yes' }, { ...vendor, Extra: 'a\\uD800' }]) {",
        '  try { defaultMappers.vendor(broken, ctx); refused.push(null); }',
        '  catch (error) { refused.push(error instanceof MappingError ? error.path : String(error)); }',
        '}',
        'console.log(JSON.stringify({ evalAllowed, companyName: mapped.companyName, city: mapped.city, refused }));',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [...flags, '--import', TSX_LOADER, script], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((done) => child.once('close', done));
    expect(code, stderr).toBe(0);
    return JSON.parse(/^\{"evalAllowed".*$/m.exec(stdout)?.[0] ?? '{}') as Record<string, unknown>;
  }

  it('validates and refuses the same records, naming the same fields', async () => {
    const locked = await run(['--disallow-code-generation-from-strings']);
    const open = await run([]);
    expect(locked.evalAllowed).toBe(false);
    expect(open.evalAllowed).toBe(true);
    const expected = {
      companyName: 'Acme Supply',
      city: 'Portland',
      refused: ['DisplayName', 'BillAddr.City', 'Active', 'Extra'],
    };
    expect({ ...locked, evalAllowed: undefined }).toEqual({ ...expected, evalAllowed: undefined });
    expect({ ...open, evalAllowed: undefined }).toEqual({ ...expected, evalAllowed: undefined });
  });
});
