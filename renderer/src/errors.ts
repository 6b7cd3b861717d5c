/** Words an ErrorDto for people, through the i18n table by `kind`, else the core's own message + hint. */
import type { ErrorDto } from '../../src/shared/ipc-contract';
import { messages, type Locale, type MessageKey, type Translate } from './i18n';

/**
 * Kinds with their own text in the i18n table (`error.<kind>`). Others (invalid-input, internal, kinds this
 * renderer does not know) show the core's own message and hint.
 */
function translatedKey(kind: string): MessageKey | undefined {
  const key = `error.${kind}`;
  return kind !== 'unknown' &&
    kind !== 'invalid-input' &&
    Object.prototype.hasOwnProperty.call(messages.en, key)
    ? (key as MessageKey)
    : undefined;
}

/**
 * Reasons within a kind with their own text (`error.reason.<reason>`): the rotation and Funnel handlers'
 * refusals (a run already going, a code needed, no SORACOM session), whatever their kind.
 */
function reasonKey(reason: string | undefined): MessageKey | undefined {
  if (!reason) return undefined;
  const key = `error.reason.${reason}`;
  return Object.prototype.hasOwnProperty.call(messages.en, key) ? (key as MessageKey) : undefined;
}

/** Kinds whose core message names the specific thing (a file, a line, an AWS profile): shown as a detail. */
const WITH_DETAIL = new Set<string>([
  'access-denied',
  'profile-not-found',
  'metadata-damaged',
  'aws-file-unparseable',
  'aws-file-conflict',
  'file-not-regular',
  'file-read-only',
  'file-permission',
  'file-missing',
  'file-exists',
  'disk-full',
]);

export interface WordedError {
  text: string;
  /** Smaller second line: the core's specific message, or the clock offset. */
  detail?: string;
}

/**
 * @param elapsedMs time since the error arrived, so "next code in N s" counts down live.
 */
export function wordError(t: Translate, error: ErrorDto, elapsedMs = 0, locale: Locale = 'en'): WordedError {
  const lines: string[] = [];
  const translated = translatedKey(error.kind);
  const byReason = reasonKey(error.reason);
  let text: string;
  if (byReason) {
    text = t(byReason);
  } else if (error.kind === 'code-reused') {
    const left = Math.max(0, (error.secondsUntilNextCode ?? 0) - Math.floor(elapsedMs / 1000));
    text = left > 0 ? t('error.code-reused', { seconds: left }) : t('error.code-reused-ready');
  } else if (translated) {
    // Names (roles) are the same in every language: the sentence around them is the table's.
    text = t(translated, error.roles ? { roles: error.roles.join(', ') } : undefined);
    // The core's specific words are English: other languages get the fact it names (the file) instead.
    if (locale === 'en') {
      if (WITH_DETAIL.has(error.kind) && error.message) lines.push(error.message);
    } else if (error.path) {
      lines.push(error.path);
    }
  } else if (locale === 'en') {
    text = error.message || t('error.unknown');
    if (error.hint) lines.push(error.hint);
  } else {
    // No English sentence in another language: the kind's generic text, and the file if there is one.
    text = t(error.kind === 'invalid-input' ? 'error.invalid-input' : 'error.unknown');
    if (error.path) lines.push(error.path);
  }
  // SORACOM's own error code (AUM0063…) is the same in every language: the user can look it up.
  if (error.soracomCode) lines.push(t('error.soracom-code', { code: error.soracomCode }));
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

/** Kinds whose way out is the profile's settings (its keys, its device ARN): the popup offers to open them. */
const PROFILE_SETTINGS_KINDS = new Set<string>(['invalid-serial', 'invalid-base-key']);

export function pointsAtProfileSettings(error: ErrorDto): boolean {
  return PROFILE_SETTINGS_KINDS.has(error.kind);
}
