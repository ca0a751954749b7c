/**
 * Writes docs/openapi/intellitrack.openapi.json from the zod schemas (`npx tsx scripts/generate-openapi.ts`),
 * then formats it with Biome like every other file. A test checks the committed file equals the generator's output.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIntelliTrackOpenApi } from '../src/intellitrack/openapi.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, 'docs/openapi/intellitrack.openapi.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(buildIntelliTrackOpenApi(), null, 2)}\n`);
execFileSync('npx', ['biome', 'format', '--write', target], { cwd: root, stdio: 'inherit' });
console.log(`wrote ${target}`);
