/**
 * "Set up MFA device": name → QR code → two consecutive codes → done. The seed (QR code and text key) lives
 * in this component's state only from mfa:create until the device is enabled or the setup is given up, and
 * is dropped then; it is never stored or sent anywhere. Leaving before the device is enabled — Cancel, Back,
 * Esc, another view taking over — abandons the setup, which deletes the unassigned device in AWS.
 */
import { useEffect, useRef, useState } from 'react';
import type { MfaEnableResponse, MfaSetupDto, PromptDto } from '../../../../src/shared/ipc-contract';
import { call } from '../../api/api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { Spinner, TerminalIcon } from '../../components/icons';
import { useEscape, ViewHeader } from '../../components/ui';
import { useI18n } from '../../i18n';
import { MfaNameStep } from './MfaNameStep';
import { MfaScanStep } from './MfaScanStep';
import { MfaCodesStep } from './MfaCodesStep';
import { MfaDoneStep } from './MfaDoneStep';

type Step =
  | { step: 'name' }
  | { step: 'scan'; setup: MfaSetupDto }
  | { step: 'codes'; setup: MfaSetupDto }
  | { step: 'done'; result: MfaEnableResponse; deviceName: string }
  | { step: 'expired' };

export interface MfaSetupViewProps {
  profileName: string;
  /** A CLI call waits for a code meanwhile: its prompt opens when the setup ends. */
  waitingPrompt: PromptDto | null;
  /** Leaves the wizard; `abandoned` when an unfinished device was deleted on the way out. */
  onClose: (outcome: { abandoned: boolean }) => void;
  onEnabled: (response: MfaEnableResponse) => void;
  onLoginNow: (name: string) => void;
  /** The profile had the built-in authenticator before (for another device): the done step says it is gone. */
  hadBuiltInAuthenticator: boolean;
}

export function MfaSetupView(props: MfaSetupViewProps) {
  const { t } = useI18n();
  const { profileName } = props;
  const [state, setState] = useState<Step>({ step: 'name' });
  const [leaving, setLeaving] = useState(false);
  const [enabling, setEnabling] = useState(false);
  /** "Cancel the setup?" is showing: after the QR code, leaving deletes a device the user may have scanned. */
  const [confirmingAbandon, setConfirmingAbandon] = useState(false);
  /** The device created and not enabled yet: what leaving has to abandon. */
  const pending = useRef<{ name: string; serialNumber: string } | null>(null);

  // Unmounted mid-setup (another view took over): no orphan may stay behind.
  useEffect(
    () => () => {
      const unfinished = pending.current;
      pending.current = null;
      if (unfinished) void call('mfa:abandon', unfinished);
    },
    [],
  );

  const leave = async () => {
    if (leaving || enabling) return;
    const unfinished = pending.current;
    if (!unfinished) {
      props.onClose({ abandoned: false });
      return;
    }
    setLeaving(true);
    pending.current = null;
    const result = await call('mfa:abandon', unfinished);
    setLeaving(false);
    props.onClose({ abandoned: result.ok && result.value.deleted });
  };
  /** Cancel: straight out before a device exists; once its QR code was shown, only after asking. */
  const cancel = () => {
    if (leaving || enabling) return;
    if (pending.current) setConfirmingAbandon(true);
    else void leave();
  };

  /** Esc and "‹": one step back (the codes go back to the QR code; the QR code asks before leaving). */
  const back = () => {
    if (leaving || enabling) return;
    if (state.step === 'codes') setState({ step: 'scan', setup: state.setup });
    else if (state.step === 'done') props.onClose({ abandoned: false });
    else cancel();
  };
  // The confirmation and the done step handle Esc themselves.
  useEscape(back, state.step !== 'done' && !confirmingAbandon);

  const onCreated = (setup: MfaSetupDto) => {
    pending.current = { name: profileName, serialNumber: setup.serialNumber };
    setState({ step: 'scan', setup });
  };

  const onEnabled = (result: MfaEnableResponse, deviceName: string) => {
    pending.current = null;
    // The setup (seed and QR code) is dropped here: the done step holds none of it.
    setState({ step: 'done', result, deviceName });
    props.onEnabled(result);
  };

  const onExpired = () => {
    // Main deleted the device when its time was up.
    pending.current = null;
    setState({ step: 'expired' });
  };

  const stepNumber =
    state.step === 'name' ? 1 : state.step === 'scan' ? 2 : state.step === 'codes' ? 3 : null;

  return (
    <>
      <ViewHeader
        title={t('mfa.setupTitle')}
        onBack={back}
        aside={
          stepNumber !== null ? (
            <p className="wizard-step" data-testid="mfa-step">
              <span className="visually-hidden">{t('mfa.step', { step: stepNumber })}</span>
              <span className="wizard-dots" aria-hidden="true">
                {[1, 2, 3].map((n) => (
                  <span key={n} className={n <= stepNumber ? 'dot dot-on' : 'dot'} />
                ))}
              </span>
            </p>
          ) : undefined
        }
      />
      <main className="view mfa-setup" data-step={state.step}>
        {props.waitingPrompt && state.step !== 'done' ? (
          <div className="message message-info callout" data-testid="mfa-cli-waiting">
            <TerminalIcon />
            <p className="message-text">{t('mfa.cliWaiting', { name: props.waitingPrompt.name })}</p>
          </div>
        ) : null}
        {leaving ? (
          <div className="centered" role="status">
            <span className="otp-busy">
              <Spinner />
              {t('mfa.abandoning')}
            </span>
          </div>
        ) : confirmingAbandon && (state.step === 'scan' || state.step === 'codes') ? (
          <ConfirmAction
            title={t('mfa.abandonTitle', { device: state.setup.deviceName })}
            confirmLabel={t('mfa.abandonConfirm')}
            busyLabel={t('mfa.abandoning')}
            cancelLabel={t('mfa.continueSetup')}
            onConfirm={() => {
              setConfirmingAbandon(false);
              void leave();
            }}
            onCancel={() => setConfirmingAbandon(false)}
            testId="mfa-abandon-confirm"
            confirmTestId="mfa-confirm-abandon"
          >
            <p>{t('mfa.abandonBody')}</p>
          </ConfirmAction>
        ) : state.step === 'name' ? (
          <MfaNameStep profileName={profileName} onCreated={onCreated} onCancel={() => void leave()} />
        ) : state.step === 'scan' ? (
          <MfaScanStep
            setup={state.setup}
            onNext={() => setState({ step: 'codes', setup: state.setup })}
            onCancel={cancel}
            onExpired={onExpired}
          />
        ) : state.step === 'codes' ? (
          <MfaCodesStep
            profileName={profileName}
            setup={state.setup}
            onEnabled={onEnabled}
            onShowQr={() => setState({ step: 'scan', setup: state.setup })}
            onCancel={cancel}
            onExpired={onExpired}
            onBusyChange={setEnabling}
          />
        ) : state.step === 'done' ? (
          <MfaDoneStep
            profileName={profileName}
            deviceName={state.deviceName}
            result={state.result}
            hadBuiltInAuthenticator={props.hadBuiltInAuthenticator}
            onFinish={() => props.onClose({ abandoned: false })}
            onLoginNow={() => props.onLoginNow(profileName)}
          />
        ) : (
          <div className="stack" data-testid="mfa-expired">
            <div className="message message-warning">
              <p className="message-text">{t('mfa.expired')}</p>
            </div>
            <button type="button" className="button primary" onClick={() => setState({ step: 'name' })}>
              {t('mfa.startAgain')}
            </button>
          </div>
        )}
      </main>
    </>
  );
}
