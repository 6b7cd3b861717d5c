import { MfaTrayError } from './errors';
import { secondsUntilNextCode } from './totp';
import { isTimeoutError } from './network-timeouts';

/** Credentials as the AWS SDK takes them. */
export interface AwsCredentialsInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Clock skew beyond this makes TOTP codes fail (a code lives 30 s and AWS accepts one window either side). */
export const CLOCK_SKEW_WARNING_SECONDS = 15;

/**
 * The endpoint for a service: the SDK-standard `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`.
 * Passing it explicitly keeps the behaviour independent of which SDK version reads which variable.
 */
export function endpointFor(
  service: 'STS' | 'IAM',
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * Records the server's `Date` header on every response (errors included) so a failed code can be
 * explained by a wrong local clock.
 */
export class ServerClockProbe {
  /** Local clock minus server clock, seconds; undefined until a response with a Date header arrives. */
  offsetSeconds: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  record(dateHeader: string | undefined): void {
    if (!dateHeader) return;
    const server = Date.parse(dateHeader);
    if (!Number.isNaN(server)) this.offsetSeconds = Math.round((this.now() - server) / 1000);
  }

  isSkewed(): boolean {
    return this.offsetSeconds !== undefined && Math.abs(this.offsetSeconds) > CLOCK_SKEW_WARNING_SECONDS;
  }

  describe(): string {
    const s = this.offsetSeconds ?? 0;
    return `Your computer's clock is ${Math.abs(s)} s ${s > 0 ? 'ahead of' : 'behind'} AWS's, so the codes it expects differ from your authenticator's.`;
  }
}

interface MiddlewareStackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<{ response: unknown }>,
    ) => (args: unknown) => Promise<{ response: unknown }>,
    options: { step: 'deserialize'; priority: 'low'; name: string },
  ): void;
}

/** Adds the Date-header probe as the innermost deserialize middleware, where the raw HTTP response is visible. */
export function attachClockProbe(client: { middlewareStack: unknown }, probe: ServerClockProbe): void {
  (client.middlewareStack as MiddlewareStackLike).add(
    (next) => async (args) => {
      const result = await next(args);
      const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers;
      probe.record(headers?.date ?? headers?.Date);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'mfaTrayServerClockProbe' },
  );
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
]);

export interface ClassifyContext {
  /** What was being done, for the message: "Logging in", "Looking up your MFA device". */
  operation: string;
  probe?: ServerClockProbe;
  now?: () => number;
  /** Whether the request carried an MFA code (then AccessDenied about MFA is about the code). */
  withCode?: boolean;
  /** The endpoint the request went to, and the time limit it had, to name them when it did not answer. */
  endpoint?: string;
  timeoutMs?: number;
}

/** Where a client without an explicit endpoint sends its requests, for messages. */
export function describeEndpoint(
  service: 'STS' | 'IAM',
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const explicit = endpointFor(service, env);
  if (explicit) return explicit;
  return service === 'IAM' ? 'https://iam.amazonaws.com' : `https://sts.${region}.amazonaws.com`;
}

/** Turns an AWS SDK error into an MfaTrayError a person can act on. */
export function classifyAwsError(error: unknown, ctx: ClassifyContext): MfaTrayError {
  if (error instanceof MfaTrayError) return error;
  const e = (error ?? {}) as SdkErrorLike;
  const name = e.name ?? e.code ?? 'Error';
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  const now = ctx.now ?? Date.now;
  const cause = { cause: error };

  if (status === undefined && isTimeoutError(error)) {
    const where = ctx.endpoint ?? 'AWS';
    const limit =
      ctx.timeoutMs !== undefined ? ` within ${Math.round(ctx.timeoutMs / 100) / 10} s` : ' in time';
    return new MfaTrayError(
      'timeout',
      `${ctx.operation}: ${where} did not answer${limit}.`,
      {
        hint: 'Check your network connection (and proxy/VPN), then try again.',
        ...(ctx.endpoint !== undefined ? { endpoint: ctx.endpoint } : {}),
        ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
      },
      cause,
    );
  }
  if (/invalid MFA one time pass code/i.test(message)) {
    if (ctx.probe?.isSkewed()) {
      return new MfaTrayError('clock-skew', `AWS did not accept the code. ${ctx.probe.describe()}`, {
        awsCode: name,
        clockOffsetSeconds: ctx.probe.offsetSeconds,
        hint: 'Turn on automatic time (NTP) on this computer, then try a new code.',
      });
    }
    return new MfaTrayError(
      'wrong-code',
      'AWS did not accept that code.',
      {
        awsCode: name,
        secondsUntilNextCode: secondsUntilNextCode(now()),
        hint: 'Check that it is the code for this account, or wait for the next code and try again.',
      },
      cause,
    );
  }
  if (/unable to validate MFA code|serial number is valid/i.test(message)) {
    return new MfaTrayError(
      'invalid-serial',
      'The MFA device set for this profile is not valid for this IAM user.',
      {
        awsCode: name,
        hint: 'Check the MFA serial (ARN) in the profile, or detect it again with `mfa-tray profile add … ` without --mfa-serial.',
      },
      cause,
    );
  }
  if (name === 'InvalidClientTokenId' || name === 'UnrecognizedClientException') {
    return new MfaTrayError(
      'invalid-base-key',
      'AWS does not recognise the access key stored for this profile: it was deleted, deactivated or mistyped.',
      {
        awsCode: name,
        hint: 'Store a current access key with `mfa-tray profile add` (or rotate it in the IAM console).',
      },
      cause,
    );
  }
  if (name === 'SignatureDoesNotMatch') {
    if (ctx.probe?.isSkewed()) {
      return new MfaTrayError('clock-skew', `AWS rejected the request's timestamp. ${ctx.probe.describe()}`, {
        awsCode: name,
        clockOffsetSeconds: ctx.probe.offsetSeconds,
        hint: 'Turn on automatic time (NTP) on this computer and try again.',
      });
    }
    return new MfaTrayError(
      'invalid-base-key',
      'AWS rejected the secret access key stored for this profile (the signature does not match).',
      { awsCode: name, hint: 'Store the key pair again with `mfa-tray profile add`.' },
      cause,
    );
  }
  if (name === 'ExpiredToken' || name === 'RequestExpired') {
    return new MfaTrayError(
      'clock-skew',
      `AWS says the request has expired. ${ctx.probe?.describe() ?? ''}`.trim(),
      {
        awsCode: name,
        clockOffsetSeconds: ctx.probe?.offsetSeconds,
        hint: 'Check this computer’s clock and try again.',
      },
    );
  }
  if (name === 'ValidationError') {
    return new MfaTrayError('invalid-input', `AWS refused the request: ${message}`, { awsCode: name }, cause);
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || status === 403) {
    return new MfaTrayError(
      'access-denied',
      `${ctx.operation} was denied by AWS: ${message}`,
      { awsCode: name, hint: 'Your IAM policy does not allow this action with these credentials.' },
      cause,
    );
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(name) || status === 429) {
    return new MfaTrayError(
      'throttled',
      `${ctx.operation}: AWS is throttling requests right now (tried several times).`,
      { awsCode: name, hint: 'Wait a minute and try again.' },
      cause,
    );
  }
  if (e.$fault === 'server' || (status !== undefined && status >= 500)) {
    return new MfaTrayError(
      'server',
      `${ctx.operation}: AWS answered with a server error (${name}${status ? `, HTTP ${status}` : ''}), even after retrying.`,
      { awsCode: name, hint: 'This is usually temporary; try again in a minute.' },
      cause,
    );
  }
  if (NETWORK_CODES.has(name) || NETWORK_CODES.has(e.code ?? '') || status === undefined) {
    return new MfaTrayError(
      'network',
      `${ctx.operation}: could not reach AWS (${e.code ?? name}).`,
      { hint: 'Check your network connection (and proxy/VPN), then try again.' },
      cause,
    );
  }
  return new MfaTrayError(
    'internal',
    `${ctx.operation} failed: ${name}: ${message}`,
    { awsCode: name },
    cause,
  );
}
