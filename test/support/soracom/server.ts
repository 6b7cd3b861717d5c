// An emulator of the SORACOM API on a loopback port, for integration and end-to-end tests. Every request
// is matched to an operation of SORACOM's own OpenAPI spec and its parameters and body are validated
// against the spec's schemas (openapi-backend + ajv); every answer is validated before it is sent (2xx
// against the spec's response schema, errors against SORACOM's wire format {"code","message"}). An answer
// that breaks the spec is not sent: the client gets a 500 EMU0001 and `specViolations` records it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HANDLERS, type Reply } from './handlers';
import { isWireError, langOf, wireError, type Lang } from './messages';
import { loadSoracomSpec, type SoracomSpec } from './spec';
import {
  EmulatorState,
  publicCredentials,
  publicGroup,
  type AuthKey,
  type CredentialSet,
  type Group,
  type Operator,
  type SamUser,
} from './state';
import { codeAt, TotpChecker } from './totp';

export interface EmulatorClock {
  now(): number;
}

export interface RequestLogEntry {
  method: string;
  /** Under /v1, with the query string. */
  path: string;
  operationId?: string;
  status: number;
  /** `code` of an error answer. */
  code?: string;
  /** Why it was refused (e.g. 'mfa-code-reused'), beyond what the wire says. */
  note?: string;
  lang: Lang;
  authenticated: boolean;
  /** The parsed JSON body (tests check what was sent; this log never leaves the test process). */
  body?: unknown;
}

export interface SoracomEmulatorOptions {
  /** The emulator's clock: token expiry and TOTP windows. Default real time. */
  clock?: EmulatorClock;
  port?: number;
}

const MAX_BODY_BYTES = 1 << 20;

export class SoracomEmulator {
  readonly state: EmulatorState;
  readonly requests: RequestLogEntry[] = [];
  /** Answers the emulator refused to send because they broke the spec: should stay empty. */
  readonly specViolations: string[] = [];
  private readonly totp = new TotpChecker();
  private server: http.Server | undefined;
  private base = '';

  private constructor(
    private readonly spec: SoracomSpec,
    readonly clock: EmulatorClock,
  ) {
    this.state = new EmulatorState(() => this.clock.now());
  }

  static async start(options: SoracomEmulatorOptions = {}): Promise<SoracomEmulator> {
    const emulator = new SoracomEmulator(await loadSoracomSpec(), options.clock ?? { now: () => Date.now() });
    await emulator.listen(options.port ?? 0);
    return emulator;
  }

  /** Base URL without /v1, what SORACOM_ENDPOINT takes: http://127.0.0.1:PORT */
  get endpoint(): string {
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- test API: seeding ----

  addOperator(input: { email: string; password: string; operatorId?: string; mfaSeed?: string }): Operator {
    return this.state.addOperator(input);
  }

  addSamUser(input: { operatorId: string; userName: string; password: string; mfaSeed?: string }): SamUser {
    return this.state.addSamUser(input);
  }

  addAuthKey(input: { operatorId: string; userName?: string }): AuthKey {
    return this.state.addAuthKey(input);
  }

  addGroup(input: {
    operatorId: string;
    groupId?: string;
    name?: string;
    funnelCredentialsId?: string;
  }): Group {
    return this.state.addGroup({
      operatorId: input.operatorId,
      ...(input.groupId !== undefined ? { groupId: input.groupId } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.funnelCredentialsId !== undefined
        ? {
            configuration: {
              SoracomFunnel: {
                enabled: true,
                destination: {
                  provider: 'aws',
                  service: 'kinesis',
                  resourceUrl: 'https://kinesis.example/stream',
                },
                credentialsId: input.funnelCredentialsId,
              },
            },
          }
        : {}),
    });
  }

  addCredentialSet(input: {
    operatorId: string;
    credentialsId: string;
    accessKeyId: string;
    secretAccessKey: string;
    description?: string;
  }): CredentialSet {
    return this.state.addCredentialSet({
      operatorId: input.operatorId,
      credentialsId: input.credentialsId,
      type: 'aws-credentials',
      ...(input.description !== undefined ? { description: input.description } : {}),
      credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey },
    });
  }

  /** The next `times` configuration updates of this group fail with `status` (default: until cleared). */
  failGroupUpdate(groupId: string, options: { status?: number; times?: number } = {}): void {
    this.state.groupFailures.set(groupId, {
      status: options.status ?? 500,
      remaining: options.times ?? Infinity,
    });
  }

  clearGroupFailures(): void {
    this.state.groupFailures.clear();
  }

  // ---- test API: reading ----

  /** As SORACOM would list them (no secrets). */
  groupsOf(operatorId: string): Record<string, unknown>[] {
    return [...this.state.groups.values()]
      .filter((g) => g.operatorId === operatorId)
      .sort((a, b) => a.groupId.localeCompare(b.groupId))
      .map(publicGroup);
  }

  credentialSetsOf(operatorId: string): Record<string, unknown>[] {
    return [...this.state.credentials.values()]
      .filter((c) => c.operatorId === operatorId)
      .map(publicCredentials);
  }

  /** What the test's "phone" scanned: the seed read back from the last totpUri, parsed as a URI. */
  scanTotpUri(operatorId: string, userName?: string): { seed: string; uri: string } {
    const mfa =
      userName === undefined
        ? this.state.operators.get(operatorId)?.mfa
        : this.state.samUser(operatorId, userName)?.mfa;
    const uri = mfa?.totpUri;
    if (!uri)
      throw new Error(
        `emulator: no totpUri was handed out for ${operatorId}${userName ? `/${userName}` : ''}`,
      );
    const seed = new URL(uri).searchParams.get('secret');
    if (!seed) throw new Error('emulator: the totpUri has no secret');
    return { seed, uri };
  }

  /** The code a phone shows for `seed` at the emulator's clock (+ offsetSteps windows). */
  codeFor(seed: string, offsetSteps = 0): string {
    return codeAt(seed, this.clock.now() + offsetSteps * 30_000);
  }

  mfaStatus(operatorId: string, userName?: string): string | undefined {
    return (
      userName === undefined ? this.state.operators.get(operatorId) : this.state.samUser(operatorId, userName)
    )?.mfa.status;
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  // ---- HTTP ----

  private async listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.specViolations.push(`emulator crashed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(wireError('responseViolatesSpec', 'en', 'internal error')));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const lang = langOf(req.headers['x-soracom-lang']);
    const apiPath = url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : undefined;
    const entry: RequestLogEntry = {
      method,
      path: `${apiPath ?? url.pathname}${url.search}`,
      status: 0,
      lang,
      authenticated: false,
    };
    this.requests.push(entry);
    const send = (reply: Reply): void => this.send(res, entry, reply);
    const error = (status: number, name: Parameters<typeof wireError>[0], detail?: string): void =>
      send({ status, body: wireError(name, lang, detail) });

    const operation = apiPath === undefined ? undefined : this.spec.match(method, apiPath);
    if (!operation || apiPath === undefined) return error(404, 'notFound');
    entry.operationId = operation.operationId;

    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
    }
    entry.body = body;
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = all.length === 1 ? all[0] : all;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((kv): kv is [string, string | string[]] => kv[1] !== undefined),
    );
    const validation = this.spec.validateRequest({ method, path: apiPath, headers, query, body }, operation);
    if (!validation.valid) {
      const detail = (validation.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
        .join('; ');
      entry.note = 'request-violates-spec';
      return error(400, 'badRequest', detail);
    }

    let caller;
    if (this.spec.requiresAuth(operation)) {
      const apiKey = headerValue(req.headers['x-soracom-api-key']);
      const token = headerValue(req.headers['x-soracom-token']);
      if (!apiKey || !token) return error(401, 'authRequired');
      caller = this.state.validToken(apiKey, token);
      if (!caller) {
        entry.note = 'token-invalid-or-expired';
        return error(401, 'invalidToken');
      }
      entry.authenticated = true;
    }

    const handler = operation.operationId ? HANDLERS[operation.operationId] : undefined;
    if (!handler) return error(501, 'notImplemented');
    const params = this.spec.api.router.parseRequest({ method, path: apiPath, headers: {} }, operation)
      .params as Record<string, string>;
    send(
      handler({
        state: this.state,
        totp: this.totp,
        now: () => this.clock.now(),
        lang,
        params,
        query,
        body,
        ...(caller ? { caller } : {}),
        note: (text) => {
          entry.note = text;
        },
      }),
    );
  }

  private send(res: http.ServerResponse, entry: RequestLogEntry, reply: Reply): void {
    let { status, body } = reply;
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    const operation = entry.operationId ? this.spec.api.getOperation(entry.operationId) : undefined;
    const problem =
      status >= 400
        ? isWireError(body)
          ? undefined
          : `error answer ${status} is not {"code","message"}`
        : operation
          ? describeInvalid(this.spec.validateResponse(body ?? null, operation, status))
          : undefined;
    if (problem) {
      this.specViolations.push(`${entry.method} ${entry.path} → ${status}: ${problem}`);
      status = 500;
      body = wireError('responseViolatesSpec', entry.lang, problem);
    }
    entry.status = status;
    if (status >= 400) entry.code = (body as { code: string }).code;
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end(text);
  }
}

function describeInvalid(result: {
  valid: boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}) {
  if (result.valid) return undefined;
  return (result.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
