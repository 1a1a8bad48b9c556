// Configuration files (keys, target files) are JSON or YAML checked against a JSON Schema with
// ajv, so a mistake is reported with where it is and what was expected, before anything runs.
import { readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';

export class ConfigFileError extends Error {}

// ajv is CommonJS: under node's ESM its class is the default export's `default`
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule.default;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

/** Read a JSON or YAML file (YAML is a superset of JSON). */
export function readConfigFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigFileError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new ConfigFileError(`${what} ${path} is neither JSON nor YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Check `data` against `schema`; throws one error listing every problem, each with its place. */
export function checkAgainstSchema<T>(data: unknown, schema: object, source: string): T {
  const validate = compiled.get(schema) ?? ajv.compile(schema);
  compiled.set(schema, validate);
  if (validate(data)) return data as T;
  const lines = (validate.errors ?? []).map(describeError);
  throw new ConfigFileError(`${source} is not valid:\n${[...new Set(lines)].map((l) => `  - ${l}`).join('\n')}`);
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `${where}: missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${where}: ${JSON.stringify(e.data)} does not look right (${e.parentSchema && 'description' in e.parentSchema ? String(e.parentSchema['description']) : `pattern ${(e.params as { pattern: string }).pattern}`})`;
    default:
      return `${where}: ${e.message ?? e.keyword}`;
  }
}

/** JSON Schema fragments shared by the configuration files. */
export const EUI64_SCHEMA = {
  type: 'string',
  pattern: '^[0-9A-Fa-f]{2}(-?[0-9A-Fa-f]{2}){7}$',
  description: 'an EUI-64 such as 90-B3-D5-1F-30-01-00-00',
} as const;
