/**
 * The rules of an AWS profile's fields: its name (also the target AWS profile's), base keys, MFA device
 * serial, region, session duration and delivery. Used by the core, the CLI, IPC validation, the bridge and
 * the popup's forms.
 */
import { isWholeNumberIn, matches, ruleError, type Rule } from './rule-error';

/** Names go into INI section headers and keychain account names: keep them plain. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@+=,-]{0,63}$/;
export const MAX_PROFILE_NAME_LENGTH = 64;
export const PROFILE_NAME_RULE: Rule = {
  id: 'profile-name',
  what: 'profile name',
  expected: 'use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit)',
};

export function isProfileName(value: unknown): value is string {
  return matches(value, PROFILE_NAME_PATTERN, MAX_PROFILE_NAME_LENGTH);
}

/**
 * `value` as a profile name, else 'invalid-input'. `what` words the thing ("target AWS profile");
 * `quote` puts the input into the message (not over IPC).
 */
export function checkProfileName(
  value: unknown,
  { field = 'name', what = PROFILE_NAME_RULE.what, quote = false } = {},
): string {
  if (isProfileName(value)) return value;
  const rule = { ...PROFILE_NAME_RULE, what };
  throw ruleError(rule, field, quote && typeof value === 'string' ? value : undefined);
}

// ---- base keys (an IAM user's long-term access key) ------------------------------------------------------

export const ACCESS_KEY_ID_PATTERN = /^[A-Z0-9]{16,128}$/;
export const SECRET_ACCESS_KEY_PATTERN = /^[A-Za-z0-9/+=]{16,128}$/;
/** Temporary (STS) credentials' key ids start ASIA: they cannot be base keys. */
export const TEMPORARY_ACCESS_KEY_ID_PATTERN = /^ASIA/;
/** What a key field may hold before trimming (a pasted key with spaces around it). */
export const MAX_KEY_FIELD_LENGTH = 256;

export const ACCESS_KEY_ID_RULE: Rule = {
  id: 'access-key-id',
  what: 'access key id',
  expected: 'it is 20 capital letters and digits, starting AKIA',
};
export const SECRET_ACCESS_KEY_RULE: Rule = {
  id: 'secret-access-key',
  what: 'secret access key',
  expected: 'it is 40 characters of letters, digits, / and +, shown once when the key was created',
};
export const TEMPORARY_KEY_RULE: Rule = {
  id: 'temporary-access-key',
  what: 'base access key',
  expected:
    'an access key id starting ASIA belongs to temporary credentials; use an IAM user’s long-term key (AKIA…)',
};

/** The access key id, trimmed; never quoted in messages (keys are not echoed). */
export function checkAccessKeyId(value: unknown): string {
  const id = typeof value === 'string' && value.length <= MAX_KEY_FIELD_LENGTH ? value.trim() : undefined;
  if (id !== undefined && TEMPORARY_ACCESS_KEY_ID_PATTERN.test(id))
    throw ruleError(TEMPORARY_KEY_RULE, 'accessKeyId');
  if (id === undefined || !ACCESS_KEY_ID_PATTERN.test(id)) throw ruleError(ACCESS_KEY_ID_RULE, 'accessKeyId');
  return id;
}

/** The secret access key, trimmed; never quoted in messages. */
export function checkSecretAccessKey(value: unknown): string {
  const secret = typeof value === 'string' && value.length <= MAX_KEY_FIELD_LENGTH ? value.trim() : undefined;
  if (secret === undefined || !SECRET_ACCESS_KEY_PATTERN.test(secret))
    throw ruleError(SECRET_ACCESS_KEY_RULE, 'secretAccessKey');
  return secret;
}

// ---- MFA device serials -------------------------------------------------------------------------------------

/** A virtual device's ARN: the only kind mfa-tray creates, enables or abandons. */
export const VIRTUAL_MFA_SERIAL_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$/;
/** A hardware token's serial number, e.g. GAHT12345678. */
export const HARDWARE_MFA_SERIAL_PATTERN = /^[A-Z0-9]{9,}$/;
export const MAX_MFA_SERIAL_LENGTH = 256;
export const MFA_SERIAL_RULE: Rule = {
  id: 'mfa-serial',
  what: 'MFA device serial',
  expected: 'expected an ARN like arn:aws:iam::123456789012:mfa/my-phone (or a hardware token’s serial)',
};
export const VIRTUAL_MFA_SERIAL_RULE: Rule = {
  id: 'virtual-mfa-serial',
  what: 'virtual MFA device',
  expected: 'expected an ARN like arn:aws:iam::123456789012:mfa/my-phone',
};

/** A virtual device's ARN or a hardware token's serial. */
export function isMfaSerial(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_MFA_SERIAL_LENGTH &&
    (VIRTUAL_MFA_SERIAL_PATTERN.test(value) || HARDWARE_MFA_SERIAL_PATTERN.test(value))
  );
}

export function isVirtualMfaSerial(value: unknown): value is string {
  return matches(value, VIRTUAL_MFA_SERIAL_PATTERN, MAX_MFA_SERIAL_LENGTH);
}

/** `value` (trimmed) as an MFA serial; `quote` puts the input into the message. */
export function checkMfaSerial(value: unknown, { field = 'mfaSerial', quote = false } = {}): string {
  const serial = typeof value === 'string' ? value.trim() : value;
  if (isMfaSerial(serial)) return serial;
  throw ruleError(MFA_SERIAL_RULE, field, quote && typeof value === 'string' ? value : undefined);
}

export function checkVirtualMfaSerial(value: unknown, { field = 'serialNumber' } = {}): string {
  const serial = checkMfaSerial(value, { field });
  if (!isVirtualMfaSerial(serial)) throw ruleError(VIRTUAL_MFA_SERIAL_RULE, field);
  return serial;
}

/** The 12-digit account id inside an MFA device (or any IAM) ARN; undefined for a hardware serial. */
export function accountIdFromSerial(serial: string | null | undefined): string | undefined {
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(serial ?? '')?.[1];
}

/** An IAM user's ARN (`arn:aws:iam::123456789012:user/path/alice`); group 1 is the user name. */
export const IAM_USER_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;

/** The account's root user as a caller (`arn:aws:iam::123456789012:root`). */
export const ROOT_USER_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

/** The IAM user name in a caller ARN, or undefined for the root user (`…:root`) and roles. */
export function userNameFromArn(arn: string): string | undefined {
  return IAM_USER_ARN_PATTERN.exec(arn)?.[1];
}

/** The root user's virtual device: its sessions are capped at ROOT_MAX_DURATION_SECONDS. */
export function isRootMfaSerial(serial: string | null | undefined): boolean {
  return !!serial && /:mfa\/root-account-mfa-device$/.test(serial);
}

// ---- region, duration, delivery ----------------------------------------------------------------------------

export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const MAX_REGION_LENGTH = 32;
export const REGION_RULE: Rule = {
  id: 'region',
  what: 'AWS region name',
  expected: 'like us-east-1 or eu-west-1',
};

export function isRegion(value: unknown): value is string {
  return matches(value, REGION_PATTERN, MAX_REGION_LENGTH);
}

export function checkRegion(value: unknown, { field = 'region', quote = false } = {}): string {
  const region = typeof value === 'string' ? value.trim() : value;
  if (isRegion(region)) return region;
  throw ruleError(REGION_RULE, field, quote && typeof value === 'string' ? value : undefined);
}

/** GetSessionToken: 15 min to 36 h; 12 h unless the profile says otherwise. */
export const DEFAULT_DURATION_SECONDS = 43200;
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 129600;
/** AWS caps the root user's sessions at one hour. */
export const ROOT_MAX_DURATION_SECONDS = 3600;
export const DURATION_RULE: Rule = {
  id: 'duration',
  what: 'session duration',
  expected: `a whole number of seconds from ${MIN_DURATION_SECONDS} (15 min) to ${MAX_DURATION_SECONDS} (36 h); root sessions are capped at ${ROOT_MAX_DURATION_SECONDS}`,
};

export function isDurationSeconds(value: unknown): value is number {
  return isWholeNumberIn(value, MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
}

export function checkDurationSeconds(value: unknown, { field = 'durationSeconds' } = {}): number {
  if (isDurationSeconds(value)) return value;
  throw ruleError(DURATION_RULE, field);
}

export type Delivery = 'file' | 'process';
/** file: ~/.aws/credentials; process: the AWS CLI's credential_process asks us. */
export const DELIVERIES: readonly Delivery[] = ['file', 'process'];
export const DELIVERY_RULE: Rule = { id: 'delivery', what: 'delivery', expected: 'use "file" or "process"' };

export function isDelivery(value: unknown): value is Delivery {
  return (DELIVERIES as readonly unknown[]).includes(value);
}

export function checkDelivery(value: unknown, { field = 'delivery' } = {}): Delivery {
  if (isDelivery(value)) return value;
  throw ruleError(DELIVERY_RULE, field);
}

/** Either kind of serial, as one pattern (profiles.json's check). */
export const MFA_SERIAL_PATTERN = new RegExp(
  `${VIRTUAL_MFA_SERIAL_PATTERN.source}|${HARDWARE_MFA_SERIAL_PATTERN.source}`,
);
