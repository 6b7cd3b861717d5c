/** The rules of key and Funnel rotations: the grace period and the SORACOM credential set prefix. */
import { isWholeNumberIn, matches, ruleError, type Rule } from './rule-error';

/** The old key stays (inactive) this many days before `--finish` deletes it: 0 to a year. */
export const MAX_GRACE_DAYS = 365;
export const GRACE_DAYS_RULE: Rule = {
  id: 'grace-days',
  what: 'grace period',
  expected: `a whole number of days from 0 to ${MAX_GRACE_DAYS}`,
};

export function isGraceDays(value: unknown): value is number {
  return isWholeNumberIn(value, 0, MAX_GRACE_DAYS);
}

export function checkGraceDays(value: unknown, { field = 'graceDays' } = {}): number {
  if (isGraceDays(value)) return value;
  throw ruleError(GRACE_DAYS_RULE, field);
}

/** SORACOM's credentialsId (what its console accepts): the prefix leaves room for "-YYMMDD". */
export const FUNNEL_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$/;
export const FUNNEL_PREFIX_RULE: Rule = {
  id: 'funnel-prefix',
  what: 'SORACOM credential set prefix',
  expected: 'use up to 81 letters, digits and _ . -, starting with a letter or digit',
};

export function isFunnelPrefix(value: unknown): value is string {
  return matches(value, FUNNEL_PREFIX_PATTERN, 81);
}

export function checkFunnelPrefix(value: unknown, { field = 'prefix', quote = true } = {}): string {
  if (isFunnelPrefix(value)) return value;
  throw ruleError(FUNNEL_PREFIX_RULE, field, quote && typeof value === 'string' ? value : undefined);
}

/** IAM user names (IAM's rule): letters, digits and _ + = , . @ -, 1–64. Funnel publishes as such a user. */
export const IAM_USER_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
export const IAM_USER_NAME_RULE: Rule = {
  id: 'iam-user-name',
  what: 'IAM user name',
  expected: 'use up to 64 letters, digits and _ + = , . @ -',
};

export function isIamUserName(value: unknown): value is string {
  return matches(value, IAM_USER_NAME_PATTERN, 64);
}

export function checkIamUserName(value: unknown, { field = 'iamUser', quote = true } = {}): string {
  if (isIamUserName(value)) return value;
  throw ruleError(IAM_USER_NAME_RULE, field, quote && typeof value === 'string' ? value : undefined);
}
