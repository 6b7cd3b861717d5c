import type { Language, SessionState } from '../shared/ipc-contract';

/**
 * The few strings the main process shows itself (tray menu, tooltip, notifications); the popup has its own
 * table in the renderer. Both languages implement the same interface, so a missing key is a compile error.
 */
export interface MainStrings {
  appName: string;
  stateLabel: Record<SessionState, string>;
  /** Tooltip when no session is running: the icon colour says why. */
  tooltipNoSession: string;
  menuNoProfiles: string;
  menuLogin: string;
  menuLogout: string;
  menuOpen: string;
  menuStartAtLogin: string;
  menuQuit: string;
  notifyExpiringTitle: string;
  notifyExpiringBody: (name: string, minutes: number) => string;
  notifyExpiredTitle: string;
  notifyExpiredBody: (name: string) => string;
  reminderTitle: string;
  reminderOldKeysBody: (keys: { name: string; ageDays: number }[]) => string;
  reminderFinishBody: (names: string[]) => string;
}

export type MainLanguage = 'en' | 'ja';

const en: MainStrings = {
  appName: 'mfa-tray',
  stateLabel: { valid: 'Logged in', expiring: 'Expiring soon', expired: 'Expired', none: 'Not logged in' },
  tooltipNoSession: 'no active session',
  menuNoProfiles: 'No profiles yet',
  menuLogin: 'Log in…',
  menuLogout: 'Log out',
  menuOpen: 'Open mfa-tray',
  menuStartAtLogin: 'Start at login',
  menuQuit: 'Quit mfa-tray',
  notifyExpiringTitle: 'Session expiring',
  notifyExpiringBody: (name, minutes) =>
    `Session for ${name} expires in ${minutes} min. Click to enter a new code.`,
  notifyExpiredTitle: 'Session expired',
  notifyExpiredBody: (name) => `Session for ${name} has expired. Click to enter a new code.`,
  reminderTitle: 'Access keys to rotate',
  reminderOldKeysBody: (keys) =>
    `Time to rotate: ${keys.map((k) => `${k.name} (${k.ageDays} days old)`).join(', ')}.`,
  reminderFinishBody: (names) => `Ready to finish (delete the old key): ${names.join(', ')}.`,
};

const ja: MainStrings = {
  appName: 'mfa-tray',
  stateLabel: { valid: 'ログイン中', expiring: 'まもなく期限切れ', expired: '期限切れ', none: '未ログイン' },
  tooltipNoSession: '有効なセッションなし',
  menuNoProfiles: 'プロファイルがありません',
  menuLogin: 'ログイン…',
  menuLogout: 'ログアウト',
  menuOpen: 'mfa-tray を開く',
  menuStartAtLogin: 'ログイン時に起動',
  menuQuit: 'mfa-tray を終了',
  notifyExpiringTitle: 'セッションの期限が近づいています',
  notifyExpiringBody: (name, minutes) =>
    `${name} のセッションはあと ${minutes} 分で期限切れになります。クリックして新しいコードを入力してください。`,
  notifyExpiredTitle: 'セッションの期限が切れました',
  notifyExpiredBody: (name) =>
    `${name} のセッションの期限が切れました。クリックして新しいコードを入力してください。`,
  reminderTitle: 'アクセスキーのローテーション',
  reminderOldKeysBody: (keys) =>
    `ローテーションの時期です: ${keys.map((k) => `${k.name} (作成から ${k.ageDays} 日)`).join('、')}`,
  reminderFinishBody: (names) => `完了できます (古いキーを削除): ${names.join('、')}`,
};

const TABLES: Record<MainLanguage, MainStrings> = { en, ja };

/** 'system' follows the OS/app locale (Electron's `app.getLocale()`, e.g. "ja", "ja-JP", "en-US"). */
export function resolveLanguage(setting: Language, systemLocale: string): MainLanguage {
  if (setting === 'en' || setting === 'ja') return setting;
  return /^ja(?:$|[-_])/i.test(systemLocale) ? 'ja' : 'en';
}

export function mainStrings(language: MainLanguage): MainStrings {
  return TABLES[language];
}
