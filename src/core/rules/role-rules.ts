/** The rules of a role profile: the role ARN, session name, external id and AssumeRole's duration limits. */
import { matches, isWholeNumberIn, ruleError, type Rule } from './rule-error';

export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
export const MAX_ROLE_ARN_LENGTH = 2048;
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
/** AssumeRole accepts 15 min to 12 h (the role's MaxSessionDuration may allow less). */
export const ROLE_MIN_DURATION_SECONDS = 900;
export const ROLE_MAX_DURATION_SECONDS = 43200;
/** AWS caps role sessions assumed with session credentials (role chaining) at one hour. */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

export const ROLE_ARN_RULE: Rule = {
  id: 'role-arn',
  what: 'role ARN',
  expected: 'like arn:aws:iam::123456789012:role/NAME',
};
export const ROLE_SESSION_NAME_RULE: Rule = {
  id: 'role-session-name',
  what: 'role session name',
  expected: 'use 2–64 letters, digits and _ + = , . @ -',
};
export const EXTERNAL_ID_RULE: Rule = {
  id: 'external-id',
  what: 'external id',
  expected: 'use 2–1224 letters, digits and _ + = , . @ : / -',
};
export const ROLE_DURATION_RULE: Rule = {
  id: 'role-duration',
  what: 'role session duration',
  expected: `a role session lasts ${ROLE_MIN_DURATION_SECONDS}–${ROLE_MAX_DURATION_SECONDS} s (15 min to 12 h)`,
};

export function isRoleArn(value: unknown): value is string {
  return matches(value, ROLE_ARN_PATTERN, MAX_ROLE_ARN_LENGTH);
}

export function isRoleSessionName(value: unknown): value is string {
  return matches(value, ROLE_SESSION_NAME_PATTERN, 64);
}

export function isExternalId(value: unknown): value is string {
  return matches(value, EXTERNAL_ID_PATTERN, 1224);
}

export function isRoleDurationSeconds(value: unknown): value is number {
  return isWholeNumberIn(value, ROLE_MIN_DURATION_SECONDS, ROLE_MAX_DURATION_SECONDS);
}

/** Quotes the input (role ARNs and names are not secret); external ids are never quoted. */
export function checkRoleArn(value: unknown, { field = 'roleArn', quote = true } = {}): string {
  if (isRoleArn(value)) return value;
  throw ruleError(ROLE_ARN_RULE, field, quote && typeof value === 'string' ? value : undefined);
}

export function checkRoleSessionName(value: unknown, { field = 'sessionName' } = {}): string {
  if (isRoleSessionName(value)) return value;
  throw ruleError(ROLE_SESSION_NAME_RULE, field);
}

export function checkExternalId(value: unknown, { field = 'externalId' } = {}): string {
  if (isExternalId(value)) return value;
  throw ruleError(EXTERNAL_ID_RULE, field);
}

export function checkRoleDurationSeconds(value: unknown, { field = 'durationSeconds' } = {}): number {
  if (isRoleDurationSeconds(value)) return value;
  throw ruleError(ROLE_DURATION_RULE, field);
}
