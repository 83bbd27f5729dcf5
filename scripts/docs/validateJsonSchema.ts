/**
 * A small JSON Schema check, for the keywords the campaign schema uses
 * (type, properties, required, additionalProperties, propertyNames, items,
 * minItems, anyOf/oneOf, enum, const, pattern, minLength, numeric bounds):
 * enough for a test to show that the schema an editor reads accepts the
 * shipped campaign files and rejects a wrong one. Not a general validator.
 */
import type { JsonSchema } from './campaignDocs.ts';

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/**
 * The places where `value` breaks `schema`, as `path: what`; empty when it conforms.
 *
 * @example validateJsonSchema({type: 'object', required: ['a']}, {}) // ['(root): a is required']
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown, path = '(root)'): string[] {
  const errors: string[] = [];
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) {
    const results = alts.map((s) => validateJsonSchema(s, value, path));
    const ok = results.filter((r) => r.length === 0).length;
    if (schema.oneOf ? ok !== 1 : ok === 0)
      errors.push(
        `${path}: matches ${ok} of the alternatives (${results.map((r) => r[0] ?? 'ok').join('; ')})`,
      );
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      return [...errors, `${path}: is ${t}, not ${types.join(' or ')}`];
  }
  if (schema.const !== undefined && value !== schema.const)
    errors.push(`${path}: is not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value))
    errors.push(`${path}: is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${path}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push(`${path}: above ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      errors.push(`${path}: not above ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      errors.push(`${path}: not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push(`${path}: too few items`);
    const items = schema.items;
    if (items)
      for (const [i, v] of value.entries()) errors.push(...validateJsonSchema(items, v, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}: ${key} is required`);
    for (const [key, v] of Object.entries(obj)) {
      const at = path === '(root)' ? key : `${path}.${key}`;
      if (schema.propertyNames) errors.push(...validateJsonSchema(schema.propertyNames, key, `${at} (name)`));
      const prop = schema.properties?.[key];
      if (prop) errors.push(...validateJsonSchema(prop, v, at));
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown key`);
      else if (typeof schema.additionalProperties === 'object')
        errors.push(...validateJsonSchema(schema.additionalProperties, v, at));
    }
  }
  return errors;
}
