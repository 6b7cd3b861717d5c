/** Words an ErrorDto for people, through the i18n table by `kind`, else the core's own message + hint. */
import type { ErrorDto } from '../../src/shared/ipc-contract';
import type { MessageKey, Translate } from './i18n';

/** Kinds with their own text. Others (invalid-input, internal, unknown kinds) show the core's message. */
const TRANSLATED = new Set<string>([
  'wrong-code',
  'code-reused',
  'clock-skew',
  'invalid-serial',
  'no-mfa-device',
  'invalid-base-key',
  'access-denied',
  'network',
  'throttled',
  'server',
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
  'invalid-auth-codes',
  'mfa-device-limit',
  'entity-exists',
  'mfa-device-not-found',
  'mfa-session-required',
  'confirmation-required',
  'root-user',
]);

/** Kinds whose core message names the specific thing (a file, a line, an AWS profile): shown as a detail. */
const WITH_DETAIL = new Set<string>([
  'access-denied',
  'profile-not-found',
  'metadata-damaged',
  'aws-file-unparseable',
  'aws-file-conflict',
]);

export interface WordedError {
  text: string;
  /** Smaller second line: the core's specific message, or the clock offset. */
  detail?: string;
}

/**
 * @param elapsedMs time since the error arrived, so "next code in N s" counts down live.
 */
export function wordError(t: Translate, error: ErrorDto, elapsedMs = 0): WordedError {
  const lines: string[] = [];
  let text: string;
  if (error.kind === 'code-reused') {
    const left = Math.max(0, (error.secondsUntilNextCode ?? 0) - Math.floor(elapsedMs / 1000));
    text = left > 0 ? t('error.code-reused', { seconds: left }) : t('error.code-reused-ready');
  } else if (TRANSLATED.has(error.kind)) {
    text = t(`error.${error.kind}` as MessageKey);
    if (WITH_DETAIL.has(error.kind) && error.message) lines.push(error.message);
  } else {
    text = error.message || t('error.unknown');
    if (error.hint) lines.push(error.hint);
  }
  const offset = error.clockOffsetSeconds;
  if (typeof offset === 'number' && Math.round(offset) !== 0) {
    const seconds = Math.abs(Math.round(offset));
    lines.push(offset > 0 ? t('error.clock-ahead', { seconds }) : t('error.clock-behind', { seconds }));
  }
  return lines.length > 0 ? { text, detail: lines.join(' ') } : { text };
}

/** An error with the moment it arrived (for live countdowns such as "next code in N s"). */
export interface Failure {
  error: ErrorDto;
  at: number;
}

export function failureOf(error: ErrorDto): Failure {
  return { error, at: Date.now() };
}
