import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import type { LoginResponse, ProfileDto, PromptDto } from '../../../src/shared/ipc-contract';
import { call } from '../api/api';
import { failureOf, pointsAtProfileSettings, type Failure } from '../errors';
import { CodeInput } from '../components/CodeInput';
import { Spinner, TerminalIcon } from '../components/icons';
import { ErrorMessage, useEscape, ViewHeader } from '../components/ui';
import { formatDuration, useI18n } from '../i18n';
import { SoracomMark, soracomIdentity } from '../components/SoracomMark';

/** After these, the typed code is useless: clear it. Otherwise (network, throttled…) keep it for a retry. */
const CLEAR_ON = new Set(['wrong-code', 'code-reused', 'invalid-input', 'clock-skew']);

/** An ARN that may wrap after ':' and '/', not in the middle of a name. */
function Breakable({ text }: { text: string }) {
  return text.split(/(?<=[:/])/).map((part, i) => (
    <Fragment key={i}>
      {part}
      <wbr />
    </Fragment>
  ));
}

export interface OtpViewProps {
  prompt: PromptDto;
  profile: ProfileDto | undefined;
  onDone: (name: string, response: LoginResponse) => void;
  onCancel: (name: string) => void;
  onEditProfile: (name: string) => void;
  onSetupMfa: (name: string) => void;
}

export function OtpView({ prompt, profile, onDone, onCancel, onEditProfile, onSetupMfa }: OtpViewProps) {
  const { t } = useI18n();
  const { name } = prompt;
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [busyWithBuiltIn, setBusyWithBuiltIn] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [tooShort, setTooShort] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const busyRef = useRef(false);
  const failureRef = useRef<Failure | null>(null);
  useEffect(() => {
    failureRef.current = failure;
  }, [failure]);
  const mfaSerial = prompt.mfaSerial ?? profile?.mfaSerial ?? null;

  const cancel = () => {
    if (!busyRef.current) onCancel(name);
  };
  useEscape(cancel);

  // After an error: focus the input again and select what is left in it, ready for the next code.
  useEffect(() => {
    if (!failure) return;
    const input = inputRef.current;
    input?.focus();
    input?.select();
  }, [failure]);

  /** No typing: the built-in authenticator makes the code (it may wait for a fresh one, up to 30 s). */
  const loginBuiltIn = async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setBusyWithBuiltIn(true);
    setTooShort(false);
    setFailure(null);
    const result = await call('session:login-built-in', name);
    busyRef.current = false;
    setBusy(false);
    setBusyWithBuiltIn(false);
    if (result.ok) onDone(name, result.value);
    else setFailure(failureOf(result.error));
  };

  const submit = async (digits: string) => {
    if (busyRef.current) return;
    if (digits.length !== 6) {
      inputRef.current?.focus();
      // Enter on the field an error emptied: the specific message ("already used — next code in 27 s")
      // still says what to do, better than "enter all 6 digits".
      if (digits.length === 0 && failureRef.current) return;
      setFailure(null);
      setTooShort(true);
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setTooShort(false);
    setFailure(null);
    const result = await call('session:login', { name, code: digits });
    busyRef.current = false;
    setBusy(false);
    if (result.ok) {
      onDone(name, result.value);
      return;
    }
    if (CLEAR_ON.has(result.error.kind)) setCode('');
    setFailure(failureOf(result.error));
  };

  const onDigits = (digits: string) => {
    if (busyRef.current) return;
    const changed = digits !== code;
    setCode(digits);
    if (changed) setTooShort(false);
    if (changed && digits.length === 6) void submit(digits);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(code);
  };

  const waiting = prompt.reason === 'cli' || prompt.reason === 'cli-code' || prompt.waiting > 0;
  // SORACOM: no AWS device; a 'cli-code' prompt hands the code to soracom-cli (its profileCommand).
  const soracom = profile?.soracom;
  const forSoracomCli = prompt.reason === 'cli-code';
  const errorId = 'otp-error';

  return (
    <>
      <ViewHeader title={t('otp.title')} onBack={cancel} />
      <main className="view otp">
        {waiting ? (
          <div className="message message-info callout" data-testid="otp-cli-waiting">
            <TerminalIcon />
            <p className="message-text">
              {forSoracomCli || soracom
                ? prompt.waiting > 1
                  ? t('otp.soracomCliWaitingMany', { count: prompt.waiting, name })
                  : t('otp.soracomCliWaiting', { name })
                : prompt.waiting > 1
                  ? t('otp.cliWaitingMany', { count: prompt.waiting })
                  : t('otp.cliWaiting')}
            </p>
          </div>
        ) : null}
        {prompt.reason === 'expiring' || prompt.reason === 'expired' ? (
          <p className="otp-reason">
            {t(prompt.reason === 'expiring' ? 'otp.reasonExpiring' : 'otp.reasonExpired')}
          </p>
        ) : null}

        <dl className="facts">
          <div>
            <dt>{t('otp.profile')}</dt>
            <dd className="facts-strong" data-testid="otp-profile">
              {name}
            </dd>
          </div>
          {soracom ? (
            <div>
              <dt>{t('otp.soracomAccount')}</dt>
              <dd data-testid="otp-soracom">
                <SoracomMark /> {soracomIdentity(soracom)}
              </dd>
            </div>
          ) : (
            <div>
              <dt>{t('otp.device')}</dt>
              <dd className={mfaSerial ? 'facts-mono' : 'warn-text'} data-testid="otp-device">
                {mfaSerial ? <Breakable text={mfaSerial} /> : t('status.noDevice')}
              </dd>
            </div>
          )}
          {profile ? (
            <div>
              <dt>{t(soracom ? 'otp.soracomTarget' : 'otp.target')}</dt>
              <dd>
                <code>{profile.target}</code>
              </dd>
            </div>
          ) : null}
          {profile ? (
            <div>
              <dt>{t('otp.session')}</dt>
              <dd>{formatDuration(t, profile.durationSeconds)}</dd>
            </div>
          ) : null}
        </dl>

        {mfaSerial === null && !soracom ? (
          <div className="stack">
            <div className="message message-warning">
              <p className="message-text">{t('otp.noDevice')}</p>
            </div>
            <div className="button-row">
              <button
                type="button"
                className="button primary"
                onClick={() => onSetupMfa(name)}
                data-testid="otp-setup-mfa"
              >
                {t('otp.setupMfa')}
              </button>
              <button type="button" className="button" onClick={() => onEditProfile(name)}>
                {t('otp.editProfile')}
              </button>
            </div>
          </div>
        ) : null}

        {(mfaSerial !== null || soracom) && profile?.builtInAuthenticator ? (
          <div className="built-in-login">
            <button
              type="button"
              className="button primary wide"
              onClick={() => void loginBuiltIn()}
              data-testid="otp-built-in"
              disabled={busy}
            >
              {t('otp.builtIn')}
            </button>
            <p className="field-help">{t('otp.builtInHelp')}</p>
            <p className="or-line" aria-hidden="true">
              {t('otp.or')}
            </p>
          </div>
        ) : null}

        <form className="otp-form" onSubmit={onSubmit} noValidate>
          <label className="otp-label" htmlFor="otp-input">
            {t('otp.instructions')}
          </label>
          <CodeInput
            ref={inputRef}
            id="otp-input"
            testId="otp-input"
            autoFocus
            ariaLabel={t('otp.inputLabel')}
            invalid={failure !== null || tooShort}
            describedBy={failure || tooShort ? errorId : undefined}
            value={code}
            onDigits={onDigits}
            busy={busy}
          />
          {busy ? (
            <div className="otp-status" role="status">
              <span className="otp-busy" data-testid="otp-busy">
                <Spinner />
                {t(busyWithBuiltIn ? 'otp.builtInBusy' : 'otp.loggingIn')}
              </span>
            </div>
          ) : failure ? (
            <div id={errorId}>
              <ErrorMessage
                error={failure.error}
                receivedAt={failure.at}
                testId="otp-error"
                action={
                  pointsAtProfileSettings(failure.error)
                    ? { label: t('error.openProfileSettings'), onClick: () => onEditProfile(name) }
                    : undefined
                }
              />
            </div>
          ) : tooShort ? (
            <div className="message message-error" role="alert" id={errorId} data-testid="otp-error">
              <p className="message-text">{t('otp.needSixDigits')}</p>
            </div>
          ) : null}
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={cancel}
              data-testid="otp-cancel"
              disabled={busy}
            >
              {t('otp.cancel')}
            </button>
            <button type="submit" className="button primary" data-testid="otp-submit" disabled={busy}>
              {t(forSoracomCli ? 'otp.soracomSubmit' : 'otp.submit')}
            </button>
          </div>
        </form>
      </main>
    </>
  );
}
