// SORACOM's OpenAPI spec (test/support/soracom/reference/soracom-api.en.yaml, copied from soracom-cli, OpenAPI 3.0.0) loaded into
// openapi-backend, which validates the emulator's requests and responses with ajv against the spec's own
// schemas. The reference file is never edited: its known defects are patched in the in-memory copy here,
// and only the paths the emulator serves are kept, with the components they reach (so loading stays
// around a second; what is kept is checked against the OpenAPI 3.0 meta-schema in strict mode).
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { OpenAPIBackend, type Operation, type ValidationResult } from 'openapi-backend';

export const SPEC_RELATIVE_PATH = 'test/support/soracom/reference/soracom-api.en.yaml';

/** The API paths (under /v1) the emulator serves. */
export const EMULATED_PATHS = [
  '/auth',
  '/auth/logout',
  '/operators/{operator_id}/mfa',
  '/operators/{operator_id}/mfa/verify',
  '/operators/{operator_id}/users/{user_name}/mfa',
  '/operators/{operator_id}/users/{user_name}/mfa/verify',
  '/credentials',
  '/credentials/{credentials_id}',
  '/groups',
  '/groups/{group_id}',
  '/groups/{group_id}/configuration/{namespace}',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * $SORACOM_API_SPEC, else the copy in this repository (test/support/soracom/reference/, MIT, from
 * soracom-cli), so a fresh clone tests against the same spec without anything beside it.
 */
export function findSpecFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SORACOM_API_SPEC) return env.SORACOM_API_SPEC;
  // This file runs from dist/test/support/soracom/: the checkout is four folders up.
  const checkout = path.resolve(__dirname, '../../../..');
  const candidate = path.join(checkout, SPEC_RELATIVE_PATH);
  if (fs.existsSync(candidate)) return candidate;
  throw new Error(`The SORACOM API spec (${candidate}) is missing; set SORACOM_API_SPEC.`);
}

function asObject(value: Json | undefined, where: string): JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`spec: ${where} is not an object`);
  return value;
}

/**
 * The README's known defects, fixed so ajv and the meta-schema accept the document. Each patch checks that
 * the defect is still there, so a newer spec that fixed it shows up here instead of being silently edited.
 */
export function patchKnownDefects(doc: JsonObject): string[] {
  const applied: string[] = [];
  const schemas = asObject(asObject(doc.components, 'components').schemas, 'components.schemas');

  // 1. GET /query/sigfox_devices: `default: and` is not in the parameters' enum.
  const sigfox = asObject(asObject(doc.paths, 'paths')['/query/sigfox_devices'], '/query/sigfox_devices');
  for (const param of (asObject(sigfox.get, 'get').parameters as JsonObject[] | undefined) ?? []) {
    const schema = param.schema as JsonObject | undefined;
    if (
      schema &&
      Array.isArray(schema.enum) &&
      schema.default !== undefined &&
      !schema.enum.includes(schema.default)
    ) {
      delete schema.default;
      applied.push(`sigfox_devices ${JSON.stringify(param.name)}: default not in enum`);
    }
  }
  // 2. FunnelYaskawaMmcloudDestination.destport: minimum/maximum swapped.
  const destport = asObject(
    asObject(
      asObject(schemas.FunnelYaskawaMmcloudDestination, 'FunnelYaskawaMmcloudDestination').properties,
      'p',
    ).destport,
    'destport',
  );
  if (
    typeof destport.minimum === 'number' &&
    typeof destport.maximum === 'number' &&
    destport.minimum > destport.maximum
  ) {
    [destport.minimum, destport.maximum] = [destport.maximum, destport.minimum];
    applied.push('FunnelYaskawaMmcloudDestination.destport: minimum/maximum swapped');
  }
  // 3. CreateAndUpdateCredentialsModel.type lacks aws-iam-role-credentials (the response enum has it).
  const credType = asObject(
    asObject(
      asObject(schemas.CreateAndUpdateCredentialsModel, 'CreateAndUpdateCredentialsModel').properties,
      'p',
    ).type,
    'type',
  );
  if (Array.isArray(credType.enum) && !credType.enum.includes('aws-iam-role-credentials')) {
    credType.enum.push('aws-iam-role-credentials');
    applied.push('CreateAndUpdateCredentialsModel.type: + aws-iam-role-credentials');
  }
  // 4. A few properties put `description` beside `$ref`, which an OpenAPI 3.0 Reference Object does not
  //    allow (3.0 ignores siblings of $ref anyway): drop the siblings.
  let siblings = 0;
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string' && Object.keys(node).length > 1) {
        for (const key of Object.keys(node)) if (key !== '$ref') delete node[key];
        siblings++;
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(doc);
  if (siblings) applied.push(`${siblings} $ref siblings dropped`);
  return applied;
}

/** Every `format` the spec names; the non-standard ones (SimId, yyyyMMdd, …) are descriptions, not rules. */
function formatsIn(node: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => formatsIn(n, into));
  else if (node && typeof node === 'object') {
    if (typeof node.format === 'string') into.add(node.format);
    Object.values(node).forEach((n) => formatsIn(n, into));
  }
  return into;
}

/** The components the kept paths reach through $ref, transitively; the rest of the 370 paths' are dropped. */
function reachableComponents(doc: JsonObject): JsonObject {
  const components = asObject(doc.components, 'components');
  const kept: Record<string, JsonObject> = {};
  const queue: Json[] = [doc.paths];
  while (queue.length > 0) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      const ref = node.$ref;
      if (typeof ref === 'string') {
        const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
        if (!match) throw new Error(`spec: unexpected $ref ${ref}`);
        const [, kind, name] = match;
        const target = asObject(components[kind], `components.${kind}`)[name];
        if (target === undefined) throw new Error(`spec: dangling $ref ${ref}`);
        kept[kind] ??= {};
        if (!(name in kept[kind])) {
          kept[kind][name] = target;
          queue.push(target);
        }
      }
      queue.push(...Object.values(node));
    }
  }
  // The security schemes are named by `security`, not by $ref.
  if (components.securitySchemes)
    kept.securitySchemes = asObject(components.securitySchemes, 'securitySchemes');
  return kept;
}

export interface SoracomSpec {
  api: OpenAPIBackend;
  patches: string[];
  validateRequest(
    req: {
      method: string;
      path: string;
      headers: Record<string, string | string[]>;
      query: Record<string, string | string[]>;
      body: unknown;
    },
    operation: Operation,
  ): ValidationResult;
  validateResponse(body: unknown, operation: Operation, status: number): ValidationResult;
  match(method: string, apiPath: string): Operation | undefined;
  /** True when the operation (or the document) requires X-Soracom-API-Key + X-Soracom-Token. */
  requiresAuth(operation: Operation): boolean;
}

let loading: Promise<SoracomSpec> | undefined;

/** Loads once per process (about a second); every emulator shares it. */
export function loadSoracomSpec(): Promise<SoracomSpec> {
  loading ??= load();
  return loading;
}

async function load(): Promise<SoracomSpec> {
  const doc = yaml.load(fs.readFileSync(findSpecFile(), 'utf8')) as JsonObject;
  if (doc.openapi !== '3.0.0')
    throw new Error(`spec: expected OpenAPI 3.0.0, found ${JSON.stringify(doc.openapi)}`);
  const patches = patchKnownDefects(doc);
  const allPaths = asObject(doc.paths, 'paths');
  doc.paths = Object.fromEntries(
    EMULATED_PATHS.map((p) => {
      if (!allPaths[p]) throw new Error(`spec: path ${p} is missing`);
      return [p, allPaths[p]];
    }),
  );
  doc.components = reachableComponents(doc);
  const formats = formatsIn(doc);
  const api = new OpenAPIBackend({
    definition: doc as never,
    strict: true,
    validate: true,
    coerceTypes: true,
    customizeAjv: (ajv) => {
      for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
      return ajv;
    },
  });
  await api.init();
  const documentSecurity = (api.definition as { security?: unknown[] }).security;
  return {
    api,
    patches,
    validateRequest: (req, operation) => api.validateRequest(req, operation.operationId),
    validateResponse: (body, operation, status) =>
      api.validateResponse(body, operation.operationId ?? '', status),
    match: (method, apiPath) => api.matchOperation({ method, path: apiPath, headers: {} }),
    requiresAuth: (operation) => {
      const security = (operation.security ?? documentSecurity ?? []) as Record<string, unknown>[];
      return security.some((requirement) => 'api_key' in requirement && 'api_token' in requirement);
    },
  };
}
