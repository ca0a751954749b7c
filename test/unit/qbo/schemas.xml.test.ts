import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BatchResponseSchema,
  CdcResponseSchema,
  DeletedRecordSchema,
  entitySchemas,
  FaultSchema,
  isEntitySchemaName,
  QueryResponseSchema,
} from '../../../src/qbo/schemas/index.js';

/**
 * QBO's JSON is its XML serialised by the same XSD-generated classes, so the recorded XML payloads are
 * checked by converting them to JSON the way that serialiser does: the XSD (copied unedited into
 * fixtures/qbo/xsd) decides which elements are numbers, booleans or arrays, and a reference element
 * `<ItemRef name="x">31</ItemRef>` becomes `{ value: "31", name: "x" }`. The same XSD model then checks
 * that every field a schema declares exists in Intuit's type with the same kind (number/boolean/string).
 */

const dir = new URL('../../fixtures/qbo/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');
const TOKEN = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;

/** A minimal XML reader: elements, attributes, text and the predefined entities (enough for these files). */
function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  for (const m of xml.matchAll(TOKEN)) {
    const top = stack[stack.length - 1] as XmlNode;
    const [, close, rawName, attrText, selfClose, text] = m;
    if (text !== undefined) top.text += decode(text);
    if (rawName === undefined) continue;
    const name = rawName.replace(/^\w+:/, '');
    if (close) {
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g))
      attrs[a[1] as string] = decode(a[2] as string);
    const node: XmlNode = { name, attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClose) stack.push(node);
  }
  return root.children[0] as XmlNode;
}

interface Field {
  type: string;
  many: boolean;
}
interface ComplexType {
  fields: Map<string, Field>;
  attrs: Map<string, string>;
  base?: string;
  simpleBase?: string;
}

const complexTypes = new Map<string, ComplexType>();
const simpleTypes = new Map<string, string>();
const globalElements = new Map<string, string>();
const substitutionGroups = new Map<string, string[]>();
const local = (type: string) => (type.startsWith('xs:') ? type : type.replace(/^\w+:/, ''));

function collectComplex(node: XmlNode, into: ComplexType): void {
  for (const child of node.children) {
    if (child.name === 'element') {
      const many = child.attrs.maxOccurs === 'unbounded' || Number(child.attrs.maxOccurs ?? '1') > 1;
      const ref = child.attrs.ref && local(child.attrs.ref);
      const names = ref ? (substitutionGroups.get(ref) ?? [ref]) : [child.attrs.name as string];
      for (const n of names) into.fields.set(n, { type: local(child.attrs.type ?? globalElements.get(n) ?? n), many });
    } else if (child.name === 'attribute' && child.attrs.name) {
      into.attrs.set(child.attrs.name, local(child.attrs.type ?? 'xs:string'));
    } else if (child.name === 'extension') {
      if (node.name === 'simpleContent') into.simpleBase = local(child.attrs.base as string);
      else into.base = local(child.attrs.base as string);
      collectComplex(child, into);
    } else {
      collectComplex(child, into);
    }
  }
}

function loadXsd(): void {
  const schemas = readdirSync(new URL('xsd/', dir)).map((f) => parseXml(read(`xsd/${f}`)));
  for (const schema of schemas) {
    for (const node of schema.children) {
      if (node.name === 'element' && node.attrs.name) {
        globalElements.set(node.attrs.name, local(node.attrs.type ?? node.attrs.name));
        const group = node.attrs.substitutionGroup && local(node.attrs.substitutionGroup);
        if (group) substitutionGroups.set(group, [...(substitutionGroups.get(group) ?? []), node.attrs.name]);
      }
      if (node.name === 'simpleType' && node.attrs.name) {
        const restriction = node.children.find((c) => c.name === 'restriction');
        simpleTypes.set(node.attrs.name, local(restriction?.attrs.base ?? 'xs:string'));
      }
    }
  }
  for (const schema of schemas) {
    for (const node of schema.children.filter((n) => n.name === 'complexType' && n.attrs.name)) {
      const type: ComplexType = { fields: new Map(), attrs: new Map() };
      collectComplex(node, type);
      complexTypes.set(node.attrs.name as string, type);
    }
  }
}
loadXsd();

/** The XSD built-in behind a simple type, or undefined for a complex type. */
function builtin(type: string): string | undefined {
  let t: string | undefined = type;
  for (let i = 0; t && i < 10; i++) {
    if (t.startsWith('xs:')) return t;
    t = simpleTypes.get(t);
  }
  return undefined;
}

function scalar(text: string, type: string | undefined): unknown {
  if (type === 'xs:boolean') return text === 'true';
  if (type && /^xs:(decimal|double|float|int|integer|long|short|positiveInteger|nonNegativeInteger)$/.test(type)) {
    return Number(text);
  }
  return text;
}

function lookup(type: string | undefined, pick: (t: ComplexType) => string | Field | undefined) {
  for (let t = type ? complexTypes.get(type) : undefined; t; t = t.base ? complexTypes.get(t.base) : undefined) {
    const found = pick(t);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Converts an element to JSON as QBO's serialiser would, given its XSD type (undefined = unknown). */
function toJson(node: XmlNode, type: string | undefined): unknown {
  const simple = type ? builtin(type) : undefined;
  if (simple || (type === undefined && node.children.length === 0 && Object.keys(node.attrs).length === 0)) {
    return scalar(node.text.trim(), simple);
  }
  const out: Record<string, unknown> = {};
  const simpleBase = lookup(type, (t) => t.simpleBase) as string | undefined;
  if (simpleBase) out.value = scalar(node.text.trim(), builtin(simpleBase));
  for (const [k, v] of Object.entries(node.attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const attrType = lookup(type, (t) => t.attrs.get(k)) as string | undefined;
    out[k] = scalar(v, attrType ? builtin(attrType) : undefined);
  }
  for (const child of node.children) {
    const field = lookup(type, (t) => t.fields.get(child.name)) as Field | undefined;
    const value = toJson(child, field?.type);
    if (field?.many) out[child.name] = [...((out[child.name] as unknown[] | undefined) ?? []), value];
    else out[child.name] = value;
  }
  return out;
}

function convert(name: string): { root: string; json: Record<string, unknown> } {
  const node = parseXml(read(name));
  const type = globalElements.get(node.name) ?? (complexTypes.has(node.name) ? node.name : undefined);
  return { root: node.name, json: toJson(node, type) as Record<string, unknown> };
}

type Found = { entity: keyof typeof entitySchemas; record: unknown; where: string };

/** Every record of an entity with a schema: direct children, entity arrays of query responses, nested batch/CDC items. */
function records(doc: Record<string, unknown>, where: string, found: Found[] = []): Found[] {
  for (const [key, value] of Object.entries(doc)) {
    if (isEntitySchemaName(key)) {
      const list = Array.isArray(value) ? value : [value];
      for (const [i, record] of list.entries()) found.push({ entity: key, record, where: `${where}${key}.${i}` });
    } else if (['QueryResponse', 'BatchItemResponse', 'CDCResponse'].includes(key)) {
      const list = Array.isArray(value) ? value : [value];
      for (const [i, item] of list.entries()) records(item as Record<string, unknown>, `${where}${key}.${i}.`, found);
    }
  }
  return found;
}

const xmlFiles = readdirSync(dir).filter((f) => f.endsWith('.xml'));

describe('XSD-driven XML to JSON conversion', () => {
  it('types leaves, references, attributes and repeated elements as QBO JSON does', () => {
    const { json } = convert('purchaseorder-quickbooks-ruby.xml');
    expect(json).toMatchObject({
      domain: 'QBO',
      sparse: false,
      Id: '813',
      SyncToken: '0',
      TotalAmt: 72,
      VendorRef: { value: '24', name: 'Brown Equipment Rental' },
      POStatus: 'Open',
    });
    expect(json.Line).toEqual([
      expect.objectContaining({
        Amount: 72,
        ItemBasedExpenseLineDetail: expect.objectContaining({ Qty: 1, UnitPrice: 72, TaxCodeRef: { value: 'NON' } }),
      }),
    ]);
    expect((json.ShipAddr as Record<string, unknown>).Line1).toBe("Larry's Landscaping & Garden Supply");
  });
});

describe('entity schemas parse every recorded XML payload', () => {
  const entityCount: Record<string, number> = {};
  it.each(xmlFiles)('%s', (name) => {
    const { root, json } = convert(name);
    const doc = root === 'IntuitResponse' ? json : { [root]: json };
    if (doc.Fault) expect(FaultSchema.parse(doc.Fault).Error.length).toBeGreaterThan(0);
    if (doc.QueryResponse) QueryResponseSchema.parse(doc.QueryResponse);
    if (doc.BatchItemResponse) BatchResponseSchema.parse(doc);
    if (doc.CDCResponse) CdcResponseSchema.parse(doc);
    for (const { entity, record, where } of records(doc, '')) {
      const result = entitySchemas[entity].safeParse(record);
      expect(result.error?.issues ?? [], `${entity} at ${where || '(root)'}`).toEqual([]);
      if ((record as { status?: string }).status === 'Deleted') DeletedRecordSchema.parse(record);
      entityCount[entity] = (entityCount[entity] ?? 0) + 1;
    }
  });

  it('covered every entity that has a recorded XML payload', () => {
    for (const entity of ['Customer', 'Vendor', 'Item', 'Estimate', 'PurchaseOrder', 'Bill', 'Invoice']) {
      expect(entityCount[entity] ?? 0, entity).toBeGreaterThan(0);
    }
  });
});

/** The XSD kind a zod leaf must match: number, boolean or string. */
function zodKind(schema: z.ZodType): string {
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  return 'string';
}

function xsdKind(type: string): string | undefined {
  const simple = builtin(type);
  if (simple === undefined) return undefined;
  const value = scalar('1', simple);
  return typeof value === 'string' ? 'string' : typeof value;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return s;
  }
}

/** Fields of a zod object schema that its XSD type does not declare, or declares with another kind. */
function mismatches(schema: z.ZodObject, type: string, path: string): string[] {
  const out: string[] = [];
  for (const [key, raw] of Object.entries(schema.shape)) {
    const inner = unwrap(raw as z.ZodType);
    const field = lookup(type, (t) => t.fields.get(key)) as Field | undefined;
    const attr = lookup(type, (t) => t.attrs.get(key)) as string | undefined;
    const simpleBase = key === 'value' ? (lookup(type, (t) => t.simpleBase) as string | undefined) : undefined;
    const xsdType = field?.type ?? attr ?? simpleBase;
    if (xsdType === undefined) {
      out.push(`${path}.${key}: not in XSD type ${type}`);
    } else if (inner instanceof z.ZodObject) {
      out.push(...mismatches(inner, xsdType, `${path}.${key}`));
    } else if (xsdKind(xsdType) !== zodKind(inner)) {
      out.push(`${path}.${key}: ${zodKind(inner)} but XSD ${xsdType} is ${xsdKind(xsdType) ?? 'complex'}`);
    }
  }
  return out;
}

describe('every field a schema declares exists in the XSD with the same kind', () => {
  it.each(Object.keys(entitySchemas) as (keyof typeof entitySchemas)[])('%s', (entity) => {
    expect(mismatches(entitySchemas[entity] as unknown as z.ZodObject, entity, entity)).toEqual([]);
  });

  it('Fault', () => {
    expect(mismatches(FaultSchema as unknown as z.ZodObject, 'Fault', 'Fault')).toEqual([]);
  });

  it('notices a field the XSD does not have', () => {
    const bogus = z.looseObject({ Name: z.string(), QtyOnHand: z.string(), Colour: z.string() });
    expect(mismatches(bogus, 'Item', 'Item')).toEqual([
      'Item.QtyOnHand: string but XSD xs:decimal is number',
      'Item.Colour: not in XSD type Item',
    ]);
  });
});
