import { MfaTrayError } from './errors';
import type { Settings } from './profiles';
import { checkKeyAgeReminderDays } from './rules/settings-rules';

/** Refuses a settings change the app cannot work with (the store takes any shape it can read). */
export function assertSettingsPatch(patch: Partial<Settings>): void {
  if (patch.leadTimeSeconds !== undefined) {
    if (
      !Number.isInteger(patch.leadTimeSeconds) ||
      patch.leadTimeSeconds < 60 ||
      patch.leadTimeSeconds > 3600
    ) {
      throw new MfaTrayError('invalid-input', 'The lead time must be between 60 and 3600 seconds.');
    }
  }
  if (patch.language !== undefined && !['en', 'ja', 'system'].includes(patch.language)) {
    throw new MfaTrayError('invalid-input', 'The language must be en, ja or system.');
  }
  if (patch.keyAgeReminderDays !== undefined) checkKeyAgeReminderDays(patch.keyAgeReminderDays);
}
