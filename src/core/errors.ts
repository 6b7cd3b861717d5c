/**
 * Every failure a person can meet is one of these kinds, with a message written for that person and,
 * where there is one, the next thing to do. The CLI prints `message` (and `hint`); the tray shows them
 * inline. Messages never contain secrets.
 */
export type ErrorKind =
  | 'invalid-input'
  | 'wrong-code'
  | 'code-reused'
  | 'invalid-serial'
  | 'no-mfa-device'
  | 'invalid-base-key'
  | 'access-denied'
  | 'network'
  | 'throttled'
  | 'server'
  | 'clock-skew'
  | 'keychain-unavailable'
  | 'keychain-locked'
  | 'profile-not-found'
  | 'profile-exists'
  | 'metadata-damaged'
  | 'aws-file-unparseable'
  | 'aws-file-conflict'
  | 'no-session'
  | 'cancelled'
  | 'timeout'
  | 'internal';

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

export function isMfaTrayError(error: unknown, kind?: ErrorKind): error is MfaTrayError {
  return error instanceof MfaTrayError && (kind === undefined || error.kind === kind);
}

/** Errors that are worth retrying with backoff: the request may succeed unchanged. */
export function isRetryable(error: unknown): boolean {
  return isMfaTrayError(error) && (error.kind === 'throttled' || error.kind === 'server');
}
