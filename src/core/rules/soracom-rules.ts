/**
 * The field rules of a SORACOM profile, in one place: the CLI, the popup and the core check the same
 * things. Each check returns the normalised value or throws 'invalid-input' naming the field.
 */
import { MfaTrayError } from '../errors';
import { isWholeNumberIn } from './rule-error';

export type CoverageType = 'jp' | 'g';
export const COVERAGE_TYPES: readonly CoverageType[] = ['jp', 'g'];
export type SoracomAuthMode = 'root' | 'sam' | 'authkey';
export const SORACOM_AUTH_MODES: readonly SoracomAuthMode[] = ['root', 'sam', 'authkey'];

/** What a sign-in field (email, operator id, user name, auth key id) may hold before its own rule. */
export const MAX_SORACOM_FIELD_LENGTH = 256;
/** Passwords and AuthKey secrets: any printable text, one line. */
export const MAX_SORACOM_SECRET_LENGTH = 1024;

/** SORACOM's /auth takes 180 s to 48 h; it defaults to 24 h when the field is left out. */
export const MIN_TOKEN_TIMEOUT_SECONDS = 180;
export const MAX_TOKEN_TIMEOUT_SECONDS = 172_800;
export const DEFAULT_TOKEN_TIMEOUT_SECONDS = 86_400;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** "OP" and ten digits, as SORACOM shows operator ids (OP0012345678). */
const OPERATOR_ID = /^OP\d{10}$/;
/** SAM user names: letters, digits and a few symbols, at most 100 characters (the console's rule). */
const SAM_USER_NAME = /^[A-Za-z0-9+=,.@_-]{1,100}$/;
/** AuthKey ids look like `keyId-` and 32 letters/digits. */
const AUTH_KEY_ID = /^keyId-[A-Za-z0-9]{1,64}$/;
/** Our ~/.soracom/<name>.json names: what soracom-cli's --profile keeps after sanitising, minus dot-files. */
const SORACOM_PROFILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** `label` words the field for the CLI; `field` and `rule` are the facts the popup words itself. */
function invalid(
  label: string,
  message: string,
  facts: { field: string; rule: string },
  hint?: string,
): MfaTrayError {
  return new MfaTrayError('invalid-input', `${label}: ${message}`, { ...facts, ...(hint ? { hint } : {}) });
}

export function checkEmail(value: string): string {
  const v = value.trim();
  if (!EMAIL.test(v) || v.length > 254)
    throw invalid('email', 'that is not an email address.', { field: 'email', rule: 'email' });
  return v;
}

export function checkOperatorId(value: string): string {
  const v = value.trim().toUpperCase();
  if (!OPERATOR_ID.test(v))
    throw invalid('operator id', 'expected "OP" and 10 digits, like OP0012345678.', {
      field: 'operatorId',
      rule: 'operator-id',
    });
  return v;
}

export function checkSamUserName(value: string): string {
  const v = value.trim();
  if (!SAM_USER_NAME.test(v))
    throw invalid('SAM user name', 'use 1–100 letters, digits or + = , . @ _ -.', {
      field: 'userName',
      rule: 'sam-user-name',
    });
  return v;
}

export function checkAuthKeyId(value: string): string {
  const v = value.trim();
  if (!AUTH_KEY_ID.test(v))
    throw invalid('auth key id', 'expected "keyId-" followed by letters and digits.', {
      field: 'authKeyId',
      rule: 'auth-key-id',
    });
  return v;
}

export function isCoverageType(value: unknown): value is CoverageType {
  return (COVERAGE_TYPES as readonly unknown[]).includes(value);
}

/** The CLI's --coverage: any case, trimmed. */
export function checkCoverageType(value: string): CoverageType {
  const v = value.trim().toLowerCase();
  if (v !== 'jp' && v !== 'g')
    throw invalid('coverage', 'expected "jp" (Japan) or "g" (global).', {
      field: 'coverage',
      rule: 'coverage',
    });
  return v;
}

export function isTokenTimeoutSeconds(value: unknown): value is number {
  return isWholeNumberIn(value, MIN_TOKEN_TIMEOUT_SECONDS, MAX_TOKEN_TIMEOUT_SECONDS);
}

/** Whole seconds from 180 to 48 h; the CLI passes the typed text ("3600"), IPC a number. */
export function checkTokenTimeoutSeconds(value: unknown): number {
  const n =
    typeof value === 'string' && /^\s*\d+\s*$/.test(value)
      ? Number(value)
      : typeof value === 'number'
        ? value
        : NaN;
  if (!isTokenTimeoutSeconds(n)) {
    throw invalid(
      'token timeout',
      `expected whole seconds from ${MIN_TOKEN_TIMEOUT_SECONDS} to ${MAX_TOKEN_TIMEOUT_SECONDS} (48 h).`,
      { field: 'tokenTimeoutSeconds', rule: 'token-timeout' },
    );
  }
  return n;
}

/** An endpoint base URL (no /v1): http(s), no query or fragment; a trailing slash is dropped. */
export function checkEndpoint(value: string): string {
  const v = value.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw invalid(
      'endpoint',
      'that is not a URL.',
      { field: 'endpoint', rule: 'url' },
      'For example https://api.soracom.io',
    );
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username) {
    throw invalid('endpoint', 'expected an http(s) URL without query, fragment or user.', {
      field: 'endpoint',
      rule: 'url',
    });
  }
  return v.replace(/\/+$/, '');
}

export function checkSoracomProfileName(value: string): string {
  if (!SORACOM_PROFILE_NAME.test(value))
    throw invalid('SORACOM CLI profile', 'use letters, digits, ".", "_" or "-" (not starting with ".").', {
      field: 'soracomProfile',
      rule: 'soracom-profile-name',
    });
  return value;
}

/** One line of sign-in text (email, operator id, user name, auth key id) as IPC takes it, trimmed. */
export function checkSoracomText(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string' || value.length > MAX_SORACOM_FIELD_LENGTH || /[\r\n]/.test(value))
    throw invalid(label, 'that is not valid.', { field, rule: 'one-line' });
  return value.trim();
}

/** A password or an AuthKey secret: 1–1024 characters, one line, verbatim; never quoted. */
export function checkSoracomSecret(value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_SORACOM_SECRET_LENGTH ||
    /[\r\n]/.test(value)
  )
    throw invalid('password or auth key secret', 'that is not valid.', { field: 'secret', rule: 'secret' });
  return value;
}
