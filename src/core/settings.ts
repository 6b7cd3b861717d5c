import type { Settings } from './profiles';
import { checkKeyAgeReminderDays, checkLanguage, checkLeadTimeSeconds } from './rules/settings-rules';

/** Refuses a settings change the app cannot work with (the store takes any shape it can read). */
export function assertSettingsPatch(patch: Partial<Settings>): void {
  if (patch.leadTimeSeconds !== undefined) checkLeadTimeSeconds(patch.leadTimeSeconds);
  if (patch.language !== undefined) checkLanguage(patch.language);
  if (patch.keyAgeReminderDays !== undefined) checkKeyAgeReminderDays(patch.keyAgeReminderDays);
}
