/** The device is enabled: what changed, and log in now or later. */
import type { MfaEnableResponse } from '../../../../src/shared/ipc-contract';
import { CheckCircleIcon } from '../../components/icons';
import { useEscape } from '../../components/ui';
import { useI18n } from '../../i18n';
import { shortDevice } from '../StatusView';

export function MfaDoneStep({
  profileName,
  deviceName,
  result,
  hadBuiltInAuthenticator,
  onFinish,
  onLoginNow,
}: {
  profileName: string;
  deviceName: string;
  result: MfaEnableResponse;
  hadBuiltInAuthenticator: boolean;
  onFinish: () => void;
  onLoginNow: () => void;
}) {
  const { t } = useI18n();
  useEscape(onFinish);
  return (
    <div className="done" data-testid="mfa-done">
      <div className="done-icon">
        <CheckCircleIcon />
      </div>
      <h2 className="empty-title">{t('mfa.doneTitle')}</h2>
      <p className="done-text">{t('mfa.done', { device: deviceName, profile: profileName })}</p>
      <p className="done-detail">
        {result.builtInAuthenticator
          ? t('mfa.doneBuiltIn', { profile: profileName })
          : `${t('mfa.doneNext')} ${t('mfa.doneNotKept')}`}
      </p>
      {/* The core's notes are English and name CLI commands: the same facts, worded here. */}
      {result.previousSerial || (hadBuiltInAuthenticator && !result.builtInAuthenticator) ? (
        <div className="message message-info" data-testid="mfa-done-notes">
          {result.previousSerial ? (
            <p className="message-detail">
              {t('mfa.donePrevious', {
                profile: profileName,
                previous: shortDevice(result.previousSerial) ?? result.previousSerial,
                user: result.userName,
              })}
            </p>
          ) : null}
          {hadBuiltInAuthenticator && !result.builtInAuthenticator ? (
            <p className="message-detail">{t('mfa.doneBuiltInDropped')}</p>
          ) : null}
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={onFinish} data-testid="mfa-finish">
          {t('mfa.finish')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={onLoginNow}
          data-testid="mfa-login-now"
          autoFocus
        >
          {t('mfa.loginNow')}
        </button>
      </div>
    </div>
  );
}
