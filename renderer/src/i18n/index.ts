/**
 * The renderer's i18n: the en and ja tables (./en.ts, ./ja.ts; ja must have exactly the keys of en, which its
 * type enforces), the `useI18n()` hook, and the wording of core facts (notes) and durations. `{name}`
 * placeholders are filled by `t(key, { name })`.
 */
import { createContext, use } from 'react';
import type { Language } from '../../../src/shared/ipc-contract';
import type { Note } from '../../../src/shared/notes';
import { en, type MessageKey } from './en';
import { ja } from './ja';

export const messages = { en, ja } as const;

export type Locale = keyof typeof messages;
export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template: string = messages[locale][key] ?? messages.en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** 'system' follows the browser / OS language: Japanese for ja*, English otherwise. */
export function resolveLocale(language: Language | undefined, navigatorLanguage: string | undefined): Locale {
  if (language === 'en' || language === 'ja') return language;
  return (navigatorLanguage ?? '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export interface I18n {
  locale: Locale;
  t: Translate;
}

export function makeI18n(locale: Locale): I18n {
  return { locale, t: (key, params) => translate(locale, key, params) };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));

export function useI18n(): I18n {
  return use(I18nContext);
}

/** A fact the core reported, worded in the UI's language. */
export function noteText(t: Translate, note: Note): string {
  switch (note.code) {
    case 'root-session-cap':
      return t('note.root-session-cap', { hours: Math.round(note.maxSeconds / 3600) });
    case 'root-session-granted':
      return t('note.root-session-granted', {
        minutes: Math.round(note.grantedSeconds / 60),
        hours: Math.round(note.askedSeconds / 3600),
      });
    case 'clock-skew':
      return t(note.offsetSeconds > 0 ? 'note.clock-ahead' : 'note.clock-behind', {
        seconds: Math.abs(note.offsetSeconds),
      });
    case 'no-mfa-device':
      return t('note.no-mfa-device');
    case 'several-mfa-devices':
      return t('note.several-mfa-devices', { count: note.count, chosen: note.chosen });
    case 'keys-scrubbed':
      return t('note.keys-scrubbed', {
        awsProfile: note.awsProfile,
        file: note.file,
        backupPath: note.backupPath,
      });
    case 'login-device-replaced':
      return t('note.login-device-replaced', {
        profile: note.profile,
        serialNumber: note.serialNumber,
        previousSerial: note.previousSerial,
        userName: note.userName,
      });
    case 'login-device-now':
      return t('note.login-device-now', { profile: note.profile, serialNumber: note.serialNumber });
    case 'login-device-none':
      return t('note.login-device-none', { profile: note.profile });
    case 'authenticator-secret-deleted':
      return t('note.authenticator-secret-deleted');
    case 'device-not-deleted':
      return t('note.device-not-deleted', { serialNumber: note.serialNumber });
    case 'role-not-renewed':
      return t('note.role-not-renewed', { role: note.role });
    case 'role-chaining-cap':
      return t('note.role-chaining-cap', { role: note.role, source: note.source });
    case 'role-without-mfa':
      return t('note.role-without-mfa', { role: note.role, source: note.source });
  }
}

/** "12 h", "1 h 30 min", "45 min" — for session lengths. */
export function formatDuration(t: Translate, seconds: number): string {
  const minutesTotal = Math.round(seconds / 60);
  const hours = Math.floor(minutesTotal / 60);
  const minutes = minutesTotal % 60;
  if (hours === 0) return t('duration.minutes', { count: minutes });
  if (minutes === 0) return t('duration.hours', { count: hours });
  return t('duration.hoursMinutes', { hours, minutes });
}
