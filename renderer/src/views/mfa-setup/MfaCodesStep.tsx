/** Two consecutive codes from the app, which enable the device for the profile. */
import { useId, useState } from 'react';
import type { MfaEnableResponse, MfaSetupDto } from '../../../../src/shared/ipc-contract';
import { call } from '../../api/api';
import { CodePair } from '../../components/CodePair';
import { useI18n } from '../../i18n';
import { useExpiry } from './SetupFacts';

export function MfaCodesStep({
  profileName,
  setup,
  onEnabled,
  onShowQr,
  onCancel,
  onExpired,
  onBusyChange,
}: {
  profileName: string;
  setup: MfaSetupDto;
  onEnabled: (result: MfaEnableResponse, deviceName: string) => void;
  onShowQr: () => void;
  onCancel: () => void;
  onExpired: () => void;
  onBusyChange: (busy: boolean) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [builtIn, setBuiltIn] = useState(false);
  useExpiry(setup, onExpired);

  const submit = async (code1: string, code2: string) => {
    const result = await call('mfa:enable', {
      name: profileName,
      serialNumber: setup.serialNumber,
      code1,
      code2,
      ...(builtIn ? { builtInAuthenticator: true } : {}),
    });
    if (!result.ok) return result.error;
    onEnabled(result.value, setup.deviceName);
    return null;
  };

  return (
    <div className="codes">
      <h2 className="section-title">{t('mfa.codesTitle')}</h2>
      <p className="section-body">{t('mfa.codesBody')}</p>
      <CodePair
        submit={submit}
        submitLabel={t('mfa.enable')}
        busyLabel={t('mfa.enabling')}
        submitTestId="mfa-enable"
        cancelLabel={t('mfa.abandon')}
        cancelTestId="mfa-abandon"
        onCancel={onCancel}
        onBusyChange={onBusyChange}
      >
        <div className="opt-in">
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="mfa-builtin-optin"
              checked={builtIn}
              onChange={(e) => setBuiltIn(e.target.checked)}
              aria-describedby={builtIn ? `${id}-warning` : undefined}
            />
            <span>{t('mfa.builtInOptIn')}</span>
          </label>
          {/* The plain warning comes with the choice: whoever ticks the box reads it before turning it on. */}
          {builtIn ? (
            <p className="opt-in-warning" id={`${id}-warning`} data-testid="mfa-builtin-warning" role="note">
              {t('mfa.builtInWarning')}
            </p>
          ) : null}
        </div>
      </CodePair>
      <button type="button" className="button ghost link" onClick={onShowQr} data-testid="mfa-show-qr">
        {t('mfa.showQrAgain')}
      </button>
    </div>
  );
}
