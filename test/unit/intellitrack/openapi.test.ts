import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIntelliTrackOpenApi } from '../../../src/intellitrack/openapi.js';
import { IT_RESOURCES } from '../../../src/intellitrack/resources.js';

const committed = resolve(import.meta.dirname, '../../../docs/openapi/intellitrack.openapi.json');

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, { maxLength?: number }> }> };
};

describe('IntelliTrack OpenAPI document', () => {
  it('the committed file equals the generator output (run scripts/generate-openapi.ts)', () => {
    const onDisk = JSON.parse(readFileSync(committed, 'utf8')) as unknown;
    expect(onDisk).toEqual(buildIntelliTrackOpenApi());
  });

  it('has list, changes, get and create routes for every resource', () => {
    const doc = buildIntelliTrackOpenApi() as Doc;
    for (const resource of IT_RESOURCES) {
      expect(doc.paths[`/${resource}`]?.get, resource).toBeDefined();
      expect(doc.paths[`/${resource}`]?.post, resource).toBeDefined();
      expect(doc.paths[`/${resource}/changes`]?.get, resource).toBeDefined();
      expect(doc.paths[`/${resource}/{id}`]?.get, resource).toBeDefined();
    }
    expect(doc.paths['/items/{id}']?.patch?.responses['412']).toBeDefined();
    expect(doc.paths['/adjustments/{id}']?.patch).toBeUndefined();
  });

  it('carries the zod field limits into the JSON Schema components', () => {
    const doc = buildIntelliTrackOpenApi() as Doc;
    expect(doc.components.schemas.Item?.properties?.itemNumber?.maxLength).toBe(25);
    expect(doc.components.schemas.PartyCreate?.properties?.companyName?.maxLength).toBe(50);
  });
});
