/**
 * One HTTP call to the SORACOM API: JSON in and out, the language header, the API key + token, a connect
 * and a total timeout, and every failure turned into an MfaTrayError with SORACOM's own `code`. Plain
 * Node fetch, so it runs in the CLI, the tray and the tests alike.
 */
import { MfaTrayError } from '../errors';
import { soracomApiUrl } from './endpoint';

export type SoracomLang = 'en' | 'ja';

export interface SoracomApiCredentials {
  apiKey: string;
  token: string;
}

export interface SoracomApiClientOptions {
  /** Base URL without /v1, from resolveSoracomEndpoint(). */
  endpoint: string;
  /** X-Soracom-Lang: SORACOM answers its messages in this language. Default 'en'. */
  lang?: SoracomLang;
  /** Until the response headers arrive (connect + TLS + server think time). Default 10 s. */
  connectTimeoutMs?: number;
  /** The whole call, body included. Default 30 s. */
  timeoutMs?: number;
  /** Injectable for tests of the timeout paths; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export interface SoracomRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /v1, e.g. `/auth`; path parameters already encoded (see encodePathSegment). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Sends X-Soracom-API-Key / X-Soracom-Token; a 401 then means the token has expired or was revoked. */
  credentials?: SoracomApiCredentials;
}

export interface SoracomResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: T;
}

/** SORACOM's error answer on the wire (not the spec's APICallError). */
export interface SoracomWireError {
  code?: string;
  message?: string;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

export function encodePathSegment(value: string): string {
  return encodeURIComponent(value);
}

export class SoracomApiClient {
  readonly endpoint: string;
  readonly lang: SoracomLang;
  private readonly connectTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: SoracomApiClientOptions) {
    this.endpoint = options.endpoint;
    this.lang = options.lang ?? 'en';
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async request<T = unknown>(request: SoracomRequest): Promise<SoracomResponse<T>> {
    const url = new URL(soracomApiUrl(this.endpoint, request.path));
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Soracom-Lang': this.lang };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.credentials) {
      headers['X-Soracom-API-Key'] = request.credentials.apiKey;
      headers['X-Soracom-Token'] = request.credentials.token;
    }

    const controller = new AbortController();
    let phase: 'connect' | 'total' | undefined;
    const connectTimer = setTimeout(() => {
      phase = 'connect';
      controller.abort();
    }, this.connectTimeoutMs);
    const totalTimer = setTimeout(() => {
      phase ??= 'total';
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.fetchImpl(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
        redirect: 'error',
      });
      clearTimeout(connectTimer);
      const text = await response.text();
      const parsed = parseJson(text);
      if (!response.ok) throw this.errorFor(request, response.status, parsed);
      if (text !== '' && parsed === undefined) {
        throw new MfaTrayError('server', `SORACOM (${this.endpoint}) answered something that is not JSON.`, {
          endpoint: this.endpoint,
          httpStatus: response.status,
        });
      }
      return { status: response.status, headers: response.headers, body: parsed as T };
    } catch (error) {
      if (error instanceof MfaTrayError) throw error;
      if (phase !== undefined) {
        const seconds = Math.round((phase === 'connect' ? this.connectTimeoutMs : this.timeoutMs) / 1000);
        throw new MfaTrayError(
          'timeout',
          `SORACOM (${this.endpoint}) did not answer within ${seconds} s.`,
          { endpoint: this.endpoint, hint: 'Check your network connection and try again.' },
          { cause: error },
        );
      }
      throw new MfaTrayError(
        'network',
        `Cannot reach SORACOM at ${this.endpoint}.`,
        { endpoint: this.endpoint, hint: 'Check your network connection (and SORACOM_ENDPOINT, if set).' },
        { cause: error },
      );
    } finally {
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
    }
  }

  private errorFor(request: SoracomRequest, status: number, body: unknown): MfaTrayError {
    const wire = (body && typeof body === 'object' ? body : {}) as SoracomWireError;
    const soracomCode = typeof wire.code === 'string' ? wire.code : undefined;
    // SORACOM's message is already in the asked language; it never quotes the password or the code.
    const said = typeof wire.message === 'string' && wire.message ? wire.message : `HTTP ${status}`;
    const details = {
      httpStatus: status,
      endpoint: this.endpoint,
      ...(soracomCode !== undefined ? { soracomCode } : {}),
    };
    const tag = soracomCode ? ` (${soracomCode})` : '';
    if (soracomCode === 'AUM0063') {
      return new MfaTrayError('soracom-code-required', `SORACOM wants an MFA code for this account${tag}.`, {
        ...details,
        hint: 'Log in with the 6-digit code from your authenticator app.',
      });
    }
    if (request.path === '/auth' && status === 401) {
      return new MfaTrayError('soracom-auth-failed', `SORACOM did not accept the login: ${said}${tag}`, {
        ...details,
        hint: 'Check the password (or auth key) and the MFA code, then try again with a new code.',
      });
    }
    if (status === 401 && request.credentials) {
      return new MfaTrayError('no-session', `The SORACOM session has expired or was revoked${tag}.`, {
        ...details,
        hint: 'Log in again.',
      });
    }
    if (status === 429)
      return new MfaTrayError('throttled', `SORACOM is limiting requests: ${said}${tag}`, details);
    if (status >= 500) return new MfaTrayError('server', `SORACOM had a problem: ${said}${tag}`, details);
    return new MfaTrayError(
      'soracom-api',
      `SORACOM refused ${request.method} ${request.path}: ${said}${tag}`,
      details,
    );
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
