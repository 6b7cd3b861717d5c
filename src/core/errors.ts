import type { ErrorDto } from '../shared/ipc-contract';

/**
 * Every failure a person can meet is one of these kinds, with a message written for that person and,
 * where there is one, the next thing to do. The CLI prints `message` (and `hint`); the tray shows them
 * inline. Messages never contain secrets.
 */
export const ERROR_KINDS = [
  'invalid-input',
  'wrong-code',
  'code-reused',
  'invalid-serial',
  'no-mfa-device',
  'invalid-base-key',
  'access-denied',
  'network',
  'throttled',
  'server',
  'clock-skew',
  'keychain-unavailable',
  'keychain-locked',
  'profile-not-found',
  'profile-exists',
  'metadata-damaged',
  'aws-file-unparseable',
  'aws-file-conflict',
  'no-session',
  'cancelled',
  'timeout',
  'internal',
  'invalid-auth-codes',
  'mfa-device-limit',
  'entity-exists',
  'mfa-device-not-found',
  'mfa-session-required',
  'confirmation-required',
  'root-user',
  'wrong-profile-kind',
  'code-command-failed',
  // Removing a profile that roles are assumed from (details.roles names them).
  'source-has-roles',
  // SORACOM: /auth refused the password / auth key or the MFA code (HTTP 401; details.soracomCode says which).
  'soracom-auth-failed',
  // SORACOM: the account has MFA and /auth was called without mfaOTPCode (AUM0063).
  'soracom-code-required',
  // SORACOM: any other error answer of the API (details.soracomCode, details.httpStatus).
  'soracom-api',
  // A code is needed where nobody can type it and no source is set up (soracom-cli's profileCommand).
  'no-code-source',
  // A file we read or write is not what it has to be; `details.path` names it.
  'file-not-regular',
  'file-read-only',
  'file-permission',
  'file-missing',
  'file-exists',
  'disk-full',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorDetails {
  /** What to do next, one sentence. */
  hint?: string;
  /** For code-reused: seconds until the authenticator shows a new code. */
  secondsUntilNextCode?: number;
  /** For clock-skew (and as a warning on wrong-code): local clock minus server clock, in seconds. */
  clockOffsetSeconds?: number;
  /** A file the message is about. */
  path?: string;
  /** 1-based line in `path`. */
  line?: number;
  /** The AWS error code behind this, when there is one. */
  awsCode?: string;
  /** For wrong-profile-kind: the profile's kind, and the kind the command works on. */
  profileKind?: string;
  expectedKind?: string;
  /** For invalid-input: the field and the rule it broke (src/core/rules). */
  field?: string;
  rule?: string;
  /** For code-command-failed: the command's name (argv[0]), why, and its exit code. */
  command?: string;
  reason?: string;
  exitCode?: number;
  timeoutMs?: number;
  /** SORACOM's own error code (`code` of its `{"code","message"}` answer), when there is one. */
  soracomCode?: string;
  /** The HTTP status of the answer behind this, when there was one. */
  httpStatus?: number;
  /** The API endpoint (base URL) the failed call went to: for network / timeout errors. */
  endpoint?: string;
  /** For source-has-roles: the roles assumed from the profile. */
  roles?: string[];
}

export class MfaTrayError extends Error {
  override readonly name = 'MfaTrayError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** One line for stderr / a notification: the message, then the hint. */
  toOneLine(): string {
    return this.details.hint ? `${this.message} ${this.details.hint}` : this.message;
  }
}

/** Longest piece of user input quoted back in a message; longer input is cut and marked with "…". */
export const MAX_QUOTED_INPUT = 64;

/** User input as a message quotes it: at most MAX_QUOTED_INPUT characters, so a 10,000-character name is not echoed. */
export function quoteInput(input: string): string {
  const chars = Array.from(input);
  return chars.length > MAX_QUOTED_INPUT ? `${chars.slice(0, MAX_QUOTED_INPUT).join('')}…` : input;
}

export function isMfaTrayError(error: unknown, kind?: ErrorKind): error is MfaTrayError {
  return error instanceof MfaTrayError && (kind === undefined || error.kind === kind);
}

/** Errors that are worth retrying with backoff: the request may succeed unchanged. */
export function isRetryable(error: unknown): boolean {
  return isMfaTrayError(error) && (error.kind === 'throttled' || error.kind === 'server');
}

/**
 * What crosses any boundary of ours (IPC, the bridge) of an error: an MfaTrayError's own words (written
 * for people, never holding secrets), or for anything else a generic message — an unexpected error's text
 * could quote a request, a key or a token.
 */
export function toErrorDto(error: unknown): ErrorDto {
  if (error instanceof MfaTrayError) {
    const dto: ErrorDto = { kind: error.kind, message: error.message };
    if (error.details.hint !== undefined) dto.hint = error.details.hint;
    if (error.details.secondsUntilNextCode !== undefined)
      dto.secondsUntilNextCode = error.details.secondsUntilNextCode;
    if (error.details.clockOffsetSeconds !== undefined)
      dto.clockOffsetSeconds = error.details.clockOffsetSeconds;
    if (error.details.path !== undefined) dto.path = error.details.path;
    if (error.details.field !== undefined) dto.field = error.details.field;
    if (error.details.rule !== undefined) dto.rule = error.details.rule;
    if (error.details.soracomCode !== undefined) dto.soracomCode = error.details.soracomCode;
    if (error.details.reason !== undefined) dto.reason = error.details.reason;
    if (error.details.roles !== undefined) dto.roles = [...error.details.roles];
    return dto;
  }
  return {
    kind: 'internal',
    message: 'Something went wrong inside mfa-tray.',
    hint: 'Try again; if it keeps happening, restart the app.',
  };
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(ERROR_KINDS);

/** The CLI side: an error answer back as an MfaTrayError, to print like any other. */
export function fromErrorDto(dto: ErrorDto): MfaTrayError {
  const kind = (KNOWN_KINDS.has(dto.kind) ? dto.kind : 'internal') as ErrorKind;
  return new MfaTrayError(kind, dto.message, {
    ...(dto.hint !== undefined ? { hint: dto.hint } : {}),
    ...(dto.secondsUntilNextCode !== undefined ? { secondsUntilNextCode: dto.secondsUntilNextCode } : {}),
    ...(dto.clockOffsetSeconds !== undefined ? { clockOffsetSeconds: dto.clockOffsetSeconds } : {}),
    ...(dto.soracomCode !== undefined ? { soracomCode: dto.soracomCode } : {}),
    ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
    ...(dto.roles !== undefined ? { roles: [...dto.roles] } : {}),
  });
}
