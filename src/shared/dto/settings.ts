/**
 * The app settings as the popup reads and edits them.
 * No Node or Electron imports: main, preload and renderer import this.
 */

import type { Language } from '../../core/rules/settings-rules';

export interface SettingsDto {
  leadTimeSeconds: number;
  notifications: boolean;
  language: Language;
  startAtLogin: boolean;
  /** The tray reminds to rotate a base key this many days old; 0 turns the reminder off. */
  keyAgeReminderDays: number;
}
