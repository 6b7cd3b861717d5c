/** The rules of virtual MFA devices as IAM takes them: names, paths, the per-user limit. */
import { matches, ruleError, type Rule } from './rule-error';

/** AWS allows at most this many MFA devices (of any type) per IAM user. */
export const MFA_DEVICE_LIMIT = 8;

/** VirtualMFADeviceName: `[\w+=,.@-]`, 1–226 characters. */
export const DEVICE_NAME_PATTERN = /^[\w+=,.@-]{1,226}$/;
export const MAX_DEVICE_NAME_LENGTH = 226;
export const DEVICE_NAME_RULE: Rule = {
  id: 'device-name',
  what: 'MFA device name',
  expected: 'use letters, digits and _ + = , . @ - (up to 226, no spaces)',
};

/** An IAM path: "/" or "/a/b/", printable ASCII. */
export const DEVICE_PATH_PATTERN = /^\/(?:[\x21-\x7e]*\/)?$/;
export const MAX_DEVICE_PATH_LENGTH = 512;
export const DEVICE_PATH_RULE: Rule = {
  id: 'device-path',
  what: 'IAM path',
  expected: 'it starts and ends with / (like /team/), or is just /',
};

/** A device name optionally under a path ("team/phone", "/team/phone"): what the CLI takes where ARNs are. */
export const DEVICE_NAME_WITH_PATH_PATTERN = /^\/?[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;

export function isDeviceName(value: unknown): value is string {
  return matches(value, DEVICE_NAME_PATTERN, MAX_DEVICE_NAME_LENGTH);
}

export function isDevicePath(value: unknown): value is string {
  return matches(value, DEVICE_PATH_PATTERN, MAX_DEVICE_PATH_LENGTH);
}

/** A device name, verbatim (IAM takes it as is: no trimming); `quote` puts it into the message. */
export function checkDeviceName(value: unknown, { field = 'deviceName', quote = false } = {}): string {
  if (isDeviceName(value)) return value;
  throw ruleError(DEVICE_NAME_RULE, field, quote && typeof value === 'string' ? value : undefined);
}

export function checkDevicePath(value: unknown, { field = 'path', quote = false } = {}): string {
  if (isDevicePath(value)) return value;
  throw ruleError(DEVICE_PATH_RULE, field, quote && typeof value === 'string' ? value : undefined);
}
