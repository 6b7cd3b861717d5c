/**
 * The field rules of a SORACOM profile, in one place: the CLI, the popup and the core check the same
 * things. Each check returns the normalised value or throws 'invalid-input' naming the field.
 */
import { MfaTrayError } from '../errors';

export type CoverageType = 'jp' | 'g';
export const COVERAGE_TYPES: readonly CoverageType[] = ['jp', 'g'];

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

function invalid(field: string, message: string, hint?: string): MfaTrayError {
  return new MfaTrayError('invalid-input', `${field}: ${message}`, hint ? { hint } : {});
}

export function checkEmail(value: string): string {
  const v = value.trim();
  if (!EMAIL.test(v) || v.length > 254) throw invalid('email', 'that is not an email address.');
  return v;
}

export function checkOperatorId(value: string): string {
  const v = value.trim().toUpperCase();
  if (!OPERATOR_ID.test(v)) throw invalid('operator id', 'expected "OP" and 10 digits, like OP0012345678.');
  return v;
}

export function checkSamUserName(value: string): string {
  const v = value.trim();
  if (!SAM_USER_NAME.test(v)) throw invalid('SAM user name', 'use 1–100 letters, digits or + = , . @ _ -.');
  return v;
}

export function checkAuthKeyId(value: string): string {
  const v = value.trim();
  if (!AUTH_KEY_ID.test(v)) throw invalid('auth key id', 'expected "keyId-" followed by letters and digits.');
  return v;
}

export function checkCoverageType(value: string): CoverageType {
  const v = value.trim().toLowerCase();
  if (v !== 'jp' && v !== 'g') throw invalid('coverage', 'expected "jp" (Japan) or "g" (global).');
  return v;
}

export function checkTokenTimeoutSeconds(value: number | string): number {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < MIN_TOKEN_TIMEOUT_SECONDS || n > MAX_TOKEN_TIMEOUT_SECONDS) {
    throw invalid(
      'token timeout',
      `expected whole seconds from ${MIN_TOKEN_TIMEOUT_SECONDS} to ${MAX_TOKEN_TIMEOUT_SECONDS} (48 h).`,
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
    throw invalid('endpoint', 'that is not a URL.', 'For example https://api.soracom.io');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username) {
    throw invalid('endpoint', 'expected an http(s) URL without query, fragment or user.');
  }
  return v.replace(/\/+$/, '');
}

export function checkSoracomProfileName(value: string): string {
  if (!SORACOM_PROFILE_NAME.test(value))
    throw invalid('SORACOM CLI profile', 'use letters, digits, ".", "_" or "-" (not starting with ".").');
  return value;
}

/** A 6-digit TOTP code as people paste it ("123 456"), or 'invalid-input'. */
export function checkOtpCode(value: string): string {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(digits)) throw invalid('MFA code', 'expected 6 digits.');
  return digits;
}
