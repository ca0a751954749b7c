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

  it('describes POST /bulk with its own Idempotency-Key, 1-100 operations and one result each', () => {
    const doc = buildIntelliTrackOpenApi() as unknown as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
    };
    const bulk = doc.paths['/bulk']?.post;
    expect(bulk?.parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }]);
    expect(JSON.stringify(bulk?.requestBody)).toContain('#/components/schemas/BulkRequest');
    expect(JSON.stringify((bulk?.responses as Record<string, unknown> | undefined)?.['200'])).toContain('BulkResponse');
    const operations = doc.components.schemas.BulkRequest?.properties?.operations;
    expect(operations).toMatchObject({
      minItems: 1,
      maxItems: 100,
      items: { $ref: '#/components/schemas/BulkOperation' },
    });
    expect(doc.components.schemas.BulkOperation?.properties?.method?.enum).toEqual(['POST', 'PATCH', 'DELETE']);
    expect(doc.components.schemas.BulkFailure?.properties?.problem).toEqual({ $ref: '#/components/schemas/Problem' });
  });
});
