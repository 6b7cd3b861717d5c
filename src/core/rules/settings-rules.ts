/** The rules of the app's settings. */
import { isWholeNumberIn, ruleError, type Rule } from './rule-error';

/** How long before a session expires the app asks for a new code: 1 min to 1 h. */
export const MIN_LEAD_TIME_SECONDS = 60;
export const MAX_LEAD_TIME_SECONDS = 3600;
export const DEFAULT_LEAD_TIME_SECONDS = 600;
export const LEAD_TIME_RULE: Rule = {
  id: 'lead-time',
  what: 'lead time',
  expected: `a whole number of seconds from ${MIN_LEAD_TIME_SECONDS} to ${MAX_LEAD_TIME_SECONDS}`,
};

export function isLeadTimeSeconds(value: unknown): value is number {
  return isWholeNumberIn(value, MIN_LEAD_TIME_SECONDS, MAX_LEAD_TIME_SECONDS);
}

export function checkLeadTimeSeconds(value: unknown, { field = 'leadTimeSeconds' } = {}): number {
  if (isLeadTimeSeconds(value)) return value;
  throw ruleError(LEAD_TIME_RULE, field);
}

export type Language = 'en' | 'ja' | 'system';
export const LANGUAGES: readonly Language[] = ['en', 'ja', 'system'];
export const LANGUAGE_RULE: Rule = { id: 'language', what: 'language', expected: 'use en, ja or system' };

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

export function checkLanguage(value: unknown, { field = 'language' } = {}): Language {
  if (isLanguage(value)) return value;
  throw ruleError(LANGUAGE_RULE, field);
}

/** The tray reminds to rotate a base key this many days old (AWS Security Hub IAM.3: 90); 0 turns it off. */
export const DEFAULT_KEY_AGE_REMINDER_DAYS = 90;
export const MAX_KEY_AGE_REMINDER_DAYS = 3650;
export const KEY_AGE_REMINDER_RULE: Rule = {
  id: 'key-age-reminder',
  what: 'key age reminder',
  expected: `a whole number of days from 0 (off) to ${MAX_KEY_AGE_REMINDER_DAYS}`,
};

export function isKeyAgeReminderDays(value: unknown): value is number {
  return isWholeNumberIn(value, 0, MAX_KEY_AGE_REMINDER_DAYS);
}

export function checkKeyAgeReminderDays(value: unknown, { field = 'keyAgeReminderDays' } = {}): number {
  if (isKeyAgeReminderDays(value)) return value;
  throw ruleError(KEY_AGE_REMINDER_RULE, field);
}
