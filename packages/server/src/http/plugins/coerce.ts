/**
 * @module http/plugins/coerce
 * Strict types for JSON bodies, friendly ones for text: Ajv runs with `coerceTypes: false`, so a
 * JSON `"amount": true` is a 400 rather than the number 1; but path params, query strings and
 * form or multipart bodies are text by nature, so their values are converted here, strictly, to
 * the integer, number or boolean the route's schema asks for before validation runs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

interface JsonSchemaLike {
  type?: string | string[];
  properties?: Record<string, JsonSchemaLike>;
  anyOf?: JsonSchemaLike[];
}

function targetTypes(schema: JsonSchemaLike | undefined): Set<string> {
  const out = new Set<string>();
  if (!schema) return out;
  const t = schema.type;
  if (typeof t === 'string') out.add(t);
  else if (Array.isArray(t)) for (const x of t) out.add(x);
  for (const alt of schema.anyOf ?? []) for (const x of targetTypes(alt)) out.add(x);
  return out;
}

function convert(value: unknown, types: Set<string>): unknown {
  if (typeof value !== 'string' || types.has('string') || types.size === 0) return value;
  const v = value.trim();
  if ((types.has('integer') && /^-?\d+$/.test(v)) || (types.has('number') && /^-?\d+(\.\d+)?$/.test(v))) {
    return Number(v);
  }
  if (types.has('boolean') && (v === 'true' || v === 'false' || v === '1' || v === '0'))
    return v === 'true' || v === '1';
  if (types.has('null') && v === '') return null;
  return value;
}

function coerceObject(data: unknown, schema: JsonSchemaLike | undefined): void {
  if (!data || typeof data !== 'object' || Array.isArray(data) || !schema?.properties) return;
  const record = data as Record<string, unknown>;
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (key in record) record[key] = convert(record[key], targetTypes(prop));
  }
}

function isTextBody(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/** Adds the preValidation hook that converts text inputs (call inside the API scope). */
export function registerTextCoercion(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema as
      | { params?: JsonSchemaLike; querystring?: JsonSchemaLike; body?: JsonSchemaLike }
      | undefined;
    if (!schema) return;
    // A POST without a body (public callers send `on_off` and `statements` that way) is an empty
    // object to validate, so a missing required field is reported by name, not as "body must be object".
    if (schema.body && (request.body === undefined || request.body === null)) request.body = {};
    coerceObject(request.params, schema.params);
    coerceObject(request.query, schema.querystring);
    if (isTextBody(request)) coerceObject(request.body, schema.body);
  });
}
