import { useState } from 'react';
import type { AppInfoDto, Language, SettingsDto } from '../../../src/shared/ipc-contract';
import { call } from '../api/api';
import { failureOf, type Failure } from '../errors';
import { Spinner } from '../components/icons';
import { ErrorMessage, useEscape, ViewHeader } from '../components/ui';
import { useI18n } from '../i18n';

const LEAD_MINUTES = [5, 10, 15, 30];
/** Key age reminder choices (days; 0 = never). */
const REMINDER_DAYS = [0, 30, 60, 90, 180, 365];

export interface SettingsViewProps {
  settings: SettingsDto;
  appInfo: AppInfoDto | null;
  onChange: (settings: SettingsDto) => void;
  onBack: () => void;
}

export function SettingsView({ settings, appInfo, onChange, onBack }: SettingsViewProps) {
  const { t } = useI18n();
  useEscape(onBack);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [failure, setFailure] = useState<Failure | null>(null);

  // Optimistic: the control changes at once; a refused change is put back and explained.
  const update = async (patch: Partial<SettingsDto>) => {
    const before = settings;
    onChange({ ...settings, ...patch });
    setStatus('saving');
    setFailure(null);
    const result = await call('settings:update', patch);
    if (result.ok) {
      onChange(result.value);
      setStatus('saved');
    } else {
      onChange(before);
      setStatus('idle');
      setFailure(failureOf(result.error));
    }
  };

  const leadOptions = LEAD_MINUTES.map((m) => m * 60);
  if (!leadOptions.includes(settings.leadTimeSeconds)) {
    leadOptions.push(settings.leadTimeSeconds);
    leadOptions.sort((a, b) => a - b);
  }

  return (
    <>
      <ViewHeader title={t('settings.title')} onBack={onBack} />
      <main className="view settings">
        <div className="field">
          <label className="field-label" htmlFor="setting-lead">
            {t('settings.lead')}
          </label>
          <select
            id="setting-lead"
            className="input"
            data-testid="setting-lead"
            value={settings.leadTimeSeconds}
            onChange={(e) => void update({ leadTimeSeconds: Number(e.target.value) })}
            aria-describedby="setting-lead-help"
          >
            {leadOptions.map((seconds) => (
              <option key={seconds} value={seconds}>
                {t('settings.leadMinutes', { count: Math.round(seconds / 60) })}
              </option>
            ))}
          </select>
          <p className="field-help" id="setting-lead-help">
            {t('settings.leadHelp')}
          </p>
        </div>

        <label className="checkbox switch-row">
          <input
            type="checkbox"
            data-testid="setting-notifications"
            checked={settings.notifications}
            onChange={(e) => void update({ notifications: e.target.checked })}
            aria-describedby="setting-notifications-help"
          />
          <span>
            <span className="radio-title">{t('settings.notifications')}</span>
            <span className="radio-help" id="setting-notifications-help">
              {t('settings.notificationsHelp')}
            </span>
          </span>
        </label>

        <label className="checkbox switch-row">
          <input
            type="checkbox"
            data-testid="setting-start-at-login"
            checked={settings.startAtLogin}
            onChange={(e) => void update({ startAtLogin: e.target.checked })}
          />
          <span>
            <span className="radio-title">{t('settings.startAtLogin')}</span>
          </span>
        </label>

        <div className="field">
          <label className="field-label" htmlFor="setting-key-age">
            {t('settings.keyAgeReminder')}
          </label>
          <select
            id="setting-key-age"
            className="input"
            data-testid="setting-key-age"
            value={settings.keyAgeReminderDays}
            onChange={(e) => void update({ keyAgeReminderDays: Number(e.target.value) })}
            aria-describedby="setting-key-age-help"
          >
            {(REMINDER_DAYS.includes(settings.keyAgeReminderDays)
              ? REMINDER_DAYS
              : [...REMINDER_DAYS, settings.keyAgeReminderDays].sort((a, b) => a - b)
            ).map((days) => (
              <option key={days} value={days}>
                {days === 0
                  ? t('settings.keyAgeReminderOff')
                  : t('settings.keyAgeReminderDays', { count: days })}
              </option>
            ))}
          </select>
          <p className="field-help" id="setting-key-age-help">
            {t('settings.keyAgeReminderHelp')}
          </p>
        </div>

        <div className="field">
          <label className="field-label" htmlFor="setting-language">
            {t('settings.language')}
          </label>
          <select
            id="setting-language"
            className="input"
            data-testid="setting-language"
            value={settings.language}
            onChange={(e) => void update({ language: e.target.value as Language })}
          >
            <option value="system">{t('settings.languageSystem')}</option>
            <option value="en" lang="en">
              {t('settings.languageEn')}
            </option>
            <option value="ja" lang="ja">
              {t('settings.languageJa')}
            </option>
          </select>
        </div>

        <div className="settings-status" aria-live="polite" data-testid="settings-status">
          {status === 'saving' ? (
            <>
              <Spinner />
              {t('settings.saving')}
            </>
          ) : status === 'saved' ? (
            t('settings.saved')
          ) : null}
        </div>
        {failure ? (
          <ErrorMessage error={failure.error} receivedAt={failure.at} testId="settings-error" />
        ) : null}

        {appInfo ? (
          <p className="version">
            {t('settings.version', { version: appInfo.version, platform: appInfo.platform })}
          </p>
        ) : null}
      </main>
    </>
  );
}
