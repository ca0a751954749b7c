/**
 * Gives CommonJS consumers their own copy of the declarations (`npm run build` runs it after tsc):
 * dist/types holds ES-module declarations (the package is `"type": "module"`), dist/types-cjs the
 * same files under a `{"type": "commonjs"}` package.json, which is how TypeScript learns that
 * `require('qbo-intellitrack-sync')` yields the CommonJS build.
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
rmSync(resolve(dist, 'types-cjs'), { recursive: true, force: true });
cpSync(resolve(dist, 'types'), resolve(dist, 'types-cjs'), { recursive: true });
writeFileSync(resolve(dist, 'types-cjs/package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
