/**
 * "Set up MFA device": name → QR code → two consecutive codes → done. The seed (QR code and text key) lives
 * in this component's state only from mfa:create until the device is enabled or the setup is given up, and
 * is dropped then; it is never stored or sent anywhere. Leaving before the device is enabled — Cancel, Back,
 * Esc, another view taking over — abandons the setup, which deletes the unassigned device in AWS.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  isDeviceName,
  MAX_DEVICE_NAME_LENGTH,
  MFA_DEVICE_LIMIT,
} from '../../../src/core/rules/mfa-device-rules';
import {
  type MfaDeviceListDto,
  type MfaEnableResponse,
  type MfaSetupDto,
  type PromptDto,
} from '../../../src/shared/ipc-contract';
import { call } from '../api/api';
import { failureOf, type Failure } from '../errors';
import { CodePair } from '../components/CodePair';
import { QrCard, SeedReveal } from '../components/MfaSecret';
import { ConfirmAction } from '../components/ConfirmAction';
import { CheckCircleIcon, Spinner, TerminalIcon } from '../components/icons';
import { ErrorMessage, Field, useEscape, ViewHeader } from '../components/ui';
import { useI18n } from '../i18n';
import { useNow } from '../time';
import { shortDevice } from './StatusView';

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

/** `<base>-mfa-tray`, or with -2, -3… when the account already has a device of that name. */
function defaultDeviceName(base: string, list: MfaDeviceListDto | null): string {
  const taken = new Set<string>([
    ...(list?.assigned ?? []).map((d) => d.serialNumber.slice(d.serialNumber.lastIndexOf('/') + 1)),
    ...(list?.orphans ?? []).map((d) => d.deviceName),
  ]);
  const stem = `${base}-mfa-tray`.replace(/[^\w+=,.@-]/g, '-').slice(0, 200);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
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
          <NameStep profileName={profileName} onCreated={onCreated} onCancel={() => void leave()} />
        ) : state.step === 'scan' ? (
          <ScanStep
            setup={state.setup}
            onNext={() => setState({ step: 'codes', setup: state.setup })}
            onCancel={cancel}
            onExpired={onExpired}
          />
        ) : state.step === 'codes' ? (
          <CodesStep
            profileName={profileName}
            setup={state.setup}
            onEnabled={onEnabled}
            onShowQr={() => setState({ step: 'scan', setup: state.setup })}
            onCancel={cancel}
            onExpired={onExpired}
            onBusyChange={setEnabling}
          />
        ) : state.step === 'done' ? (
          <DoneStep
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

function NameStep({
  profileName,
  onCreated,
  onCancel,
}: {
  profileName: string;
  onCreated: (setup: MfaSetupDto) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [list, setList] = useState<MfaDeviceListDto | null>(null);
  /** null until the user types: then the default (which depends on the list) is shown. */
  const [typed, setTyped] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let live = true;
    // For the user name, the "N of 8" count and a default name that is free; setup works without it.
    void call('mfa:list', profileName).then((result) => {
      if (live && result.ok) setList(result.value);
    });
    return () => {
      live = false;
    };
  }, [profileName]);

  const deviceName = typed ?? defaultDeviceName(list?.userName ?? profileName, list);
  const limit = list?.limit ?? MFA_DEVICE_LIMIT;
  const atLimit = list !== null && list.assigned.length >= limit;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (creating || atLimit) return;
    const name = deviceName.trim();
    if (!isDeviceName(name)) {
      setInvalid(true);
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    setInvalid(false);
    setFailure(null);
    setCreating(true);
    const result = await call('mfa:create', { name: profileName, deviceName: name });
    setCreating(false);
    if (result.ok) onCreated(result.value);
    else setFailure(failureOf(result.error));
  };

  return (
    <form className="form" onSubmit={(e) => void create(e)} noValidate>
      <p className="section-body">
        {list
          ? t('mfa.intro', { user: list.userName, profile: profileName })
          : t('mfa.introNoUser', { profile: profileName })}
      </p>
      <p className="field-help" data-testid="mfa-time-limit">
        {t('mfa.timeLimit')}
      </p>
      <Field
        label={t('mfa.deviceName')}
        htmlFor={`${id}-name`}
        help={t('mfa.deviceNameHelp')}
        error={invalid ? t('mfa.deviceNameInvalid') : null}
      >
        <input
          id={`${id}-name`}
          className="input mono"
          data-testid="mfa-device-name"
          value={deviceName}
          onChange={(e) => {
            setTyped(e.target.value);
            setInvalid(false);
          }}
          maxLength={MAX_DEVICE_NAME_LENGTH}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          aria-invalid={invalid}
          aria-describedby={`${id}-name-help`}
        />
      </Field>
      {list ? (
        <div className={`device-count ${atLimit ? 'device-count-full' : ''}`} data-testid="mfa-count">
          <p className="device-count-text">{t('mfa.count', { count: list.assigned.length, limit })}</p>
          <p className="field-help">
            {atLimit ? t('mfa.limitReached', { user: list.userName, limit }) : t('mfa.limitHelp', { limit })}
          </p>
        </div>
      ) : null}
      {failure ? <ErrorMessage error={failure.error} receivedAt={failure.at} testId="mfa-error" /> : null}
      <div className="button-row">
        <button type="button" className="button" onClick={onCancel} data-testid="mfa-cancel">
          {t('app.cancel')}
        </button>
        <button
          type="submit"
          className="button primary"
          data-testid="mfa-create"
          disabled={creating || atLimit}
        >
          {creating ? <Spinner /> : null}
          {t(creating ? 'mfa.creating' : 'mfa.create')}
        </button>
      </div>
    </form>
  );
}

/** Switches to "expired" when main's deadline for the unfinished device has passed. */
function useExpiry(setup: MfaSetupDto, onExpired: () => void): void {
  const now = useNow();
  const expired = now >= Date.parse(setup.pendingUntil);
  const onExpiredRef = useRef(onExpired);
  useEffect(() => {
    onExpiredRef.current = onExpired;
  });
  useEffect(() => {
    if (expired) onExpiredRef.current();
  }, [expired]);
}

function SetupFacts({ setup }: { setup: MfaSetupDto }) {
  const { t } = useI18n();
  return (
    <p className="setup-facts" data-testid="mfa-setup-device" title={setup.serialNumber}>
      <strong>{setup.deviceName}</strong>
      <span className="sep">·</span>
      <span>{t('mfa.factUser', { user: setup.userName })}</span>
    </p>
  );
}

function ScanStep({
  setup,
  onNext,
  onCancel,
  onExpired,
}: {
  setup: MfaSetupDto;
  onNext: () => void;
  onCancel: () => void;
  onExpired: () => void;
}) {
  const { t } = useI18n();
  const nextRef = useRef<HTMLButtonElement>(null);
  useExpiry(setup, onExpired);
  useEffect(() => {
    // Ready for Enter, without scrolling the instructions and the QR code out of view.
    nextRef.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="scan">
      <h2 className="visually-hidden">{t('mfa.scanTitle')}</h2>
      <p className="section-body">{t('mfa.scanBody')}</p>
      <QrCard src={setup.qrPngDataUrl} alt={t('mfa.qrAlt', { device: setup.deviceName })} testId="mfa-qr" />
      <SetupFacts setup={setup} />
      <SeedReveal seed={setup.seedBase32} testIdPrefix="mfa">
        <p className="field-help">{t('mfa.seedNotStored')}</p>
      </SeedReveal>
      <div className="button-row sticky-actions">
        <button type="button" className="button" onClick={onCancel} data-testid="mfa-abandon">
          {t('mfa.abandon')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={onNext}
          data-testid="mfa-next"
          ref={nextRef}
        >
          {t('mfa.next')}
        </button>
      </div>
    </div>
  );
}

function CodesStep({
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

function DoneStep({
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
