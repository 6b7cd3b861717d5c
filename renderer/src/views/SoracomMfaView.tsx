/**
 * "Set up MFA" for a SORACOM root account or SAM user: SORACOM makes a new secret (soracom:mfa-enable), the
 * QR code is shown on screen, the first code from the phone turns MFA on (soracom:mfa-verify), and a root
 * account's backup codes are shown once — with a Copy button and "I saved them" as the only way out. The
 * seed and the backup codes live in this view's memory only and are dropped when it moves on.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type {
  ErrorDto,
  ProfileDto,
  SoracomMfaSetupDto,
  SoracomMfaVerifyResponse,
} from '../../../src/shared/ipc-contract';
import { call } from '../api/api';
import { failureOf, type Failure } from '../errors';
import { CodeInput } from '../components/CodeInput';
import { QrCard, SeedReveal } from '../components/MfaSecret';
import { Spinner } from '../components/icons';
import { SoracomMark, soracomIdentity } from '../components/SoracomMark';
import { ErrorMessage, useEscape, ViewHeader } from '../components/ui';
import { useI18n } from '../i18n';

type MfaStatus = 'ACTIVE' | 'INACTIVE' | 'UNCONFIRMED';

type Step =
  { name: 'intro' } | { name: 'scan'; setup: SoracomMfaSetupDto } | { name: 'done'; backupCodes: string[] };

export interface SoracomMfaViewProps {
  profileName: string;
  profile: ProfileDto | undefined;
  onClose: () => void;
  onLoginNow: (name: string) => void;
  onVerified: (profile: ProfileDto) => void;
}

export function SoracomMfaView({
  profileName,
  profile,
  onClose,
  onLoginNow,
  onVerified,
}: SoracomMfaViewProps) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ name: 'intro' });
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const soracom = profile?.soracom;
  const loggedIn = profile?.state === 'valid' || profile?.state === 'expiring';
  const authKey = soracom?.authMode === 'authkey';
  // Backup codes are shown once: leaving goes through "I saved them".
  const back = () => {
    if (step.name !== 'done' || step.backupCodes.length === 0) onClose();
  };
  useEscape(back);

  useEffect(() => {
    if (!loggedIn || authKey) return undefined;
    let live = true;
    void call('soracom:mfa-status', profileName).then((result) => {
      if (live && result.ok) setStatus(result.value);
    });
    return () => {
      live = false;
    };
  }, [profileName, loggedIn, authKey]);

  const start = async () => {
    setBusy(true);
    setFailure(null);
    const result = await call('soracom:mfa-enable', profileName);
    setBusy(false);
    if (result.ok) setStep({ name: 'scan', setup: result.value });
    else setFailure(failureOf(result.error));
  };

  const verified = (response: SoracomMfaVerifyResponse) => {
    setStatus(response.status);
    onVerified(response.profile);
    // The seed is dropped here: only the backup codes remain, until "I saved them".
    setStep({ name: 'done', backupCodes: response.backupCodes });
  };

  return (
    <>
      <ViewHeader
        title={t('soracomMfa.title', { name: profileName })}
        onBack={back}
        aside={<SoracomMark />}
      />
      <main className="view soracom-mfa" data-testid="soracom-mfa" data-step={step.name}>
        {soracom ? <p className="field-help">{soracomIdentity(soracom)}</p> : null}
        {status ? (
          <dl className="facts">
            <div>
              <dt>{t('soracomMfa.statusLabel')}</dt>
              <dd data-testid="soracom-mfa-status" data-status={status}>
                {t(`soracomMfa.status.${status}`)}
              </dd>
            </div>
          </dl>
        ) : null}
        {step.name === 'intro' ? (
          <Intro
            authKey={authKey}
            loggedIn={loggedIn}
            busy={busy}
            failure={failure}
            onStart={() => void start()}
            onLogin={() => onLoginNow(profileName)}
          />
        ) : step.name === 'scan' ? (
          <Scan profileName={profileName} setup={step.setup} onVerified={verified} onCancel={onClose} />
        ) : (
          <Done profileName={profileName} backupCodes={step.backupCodes} onClose={onClose} />
        )}
      </main>
    </>
  );
}

function Intro(props: {
  authKey: boolean;
  loggedIn: boolean;
  busy: boolean;
  failure: Failure | null;
  onStart: () => void;
  onLogin: () => void;
}) {
  const { t } = useI18n();
  if (props.authKey) {
    return (
      <div className="message message-info">
        <p className="message-text">{t('soracomMfa.authKey')}</p>
      </div>
    );
  }
  if (!props.loggedIn) {
    return (
      <div className="stack">
        <div className="message message-warning">
          <p className="message-text">{t('soracomMfa.needLogin')}</p>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button primary"
            onClick={props.onLogin}
            data-testid="soracom-mfa-login"
          >
            {t('soracomMfa.loginNow')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="stack">
      <p className="section-body">{t('soracomMfa.intro')}</p>
      {props.failure ? (
        <ErrorMessage error={props.failure.error} receivedAt={props.failure.at} testId="soracom-mfa-error" />
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          onClick={props.onStart}
          disabled={props.busy}
          data-testid="soracom-mfa-start"
        >
          {props.busy ? <Spinner /> : null}
          {t(props.busy ? 'soracomMfa.starting' : 'soracomMfa.start')}
        </button>
      </div>
    </div>
  );
}

function Scan({
  profileName,
  setup,
  onVerified,
  onCancel,
}: {
  profileName: string;
  setup: SoracomMfaSetupDto;
  onVerified: (response: SoracomMfaVerifyResponse) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: ErrorDto; at: number } | null>(null);

  const verify = async (digits: string) => {
    if (busy || digits.length !== 6) return;
    setBusy(true);
    setError(null);
    const result = await call('soracom:mfa-verify', { name: profileName, code: digits });
    setBusy(false);
    if (result.ok) onVerified(result.value);
    else {
      setCode('');
      setError(failureOf(result.error));
    }
  };

  const onDigits = (digits: string) => {
    if (!busy) setCode(digits);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void verify(code);
  };

  return (
    <div className="scan">
      <p className="section-body">{t('soracomMfa.scanBody')}</p>
      <QrCard
        src={setup.qrPngDataUrl}
        alt={t('soracomMfa.qrAlt', { account: setup.account })}
        testId="soracom-mfa-qr"
      />
      <SeedReveal seed={setup.seedBase32} testIdPrefix="soracom-mfa" />
      <form className="otp-form" onSubmit={onSubmit} noValidate>
        <label className="otp-label" htmlFor={`${id}-code`}>
          {t('soracomMfa.codeLabel')}
        </label>
        <CodeInput id={`${id}-code`} testId="soracom-mfa-code" value={code} onDigits={onDigits} busy={busy} />
        {error ? <ErrorMessage error={error.error} receivedAt={error.at} testId="soracom-mfa-error" /> : null}
        <div className="button-row sticky-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            {t('app.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            data-testid="soracom-mfa-verify"
            disabled={busy || code.length !== 6}
          >
            {busy ? <Spinner /> : null}
            {t(busy ? 'soracomMfa.verifying' : 'soracomMfa.verify')}
          </button>
        </div>
      </form>
    </div>
  );
}

function Done({
  profileName,
  backupCodes,
  onClose,
}: {
  profileName: string;
  backupCodes: string[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(backupCodes.join('\n'));
      setCopied(true);
    } catch {
      // No clipboard (permission refused): the codes stay on screen to be written down.
      setCopied(false);
    }
  };
  return (
    <div className="stack" data-testid="soracom-mfa-done">
      <div className="message message-success">
        <p className="message-text">{t('soracomMfa.doneTitle', { name: profileName })}</p>
      </div>
      {backupCodes.length === 0 ? (
        <>
          <p className="section-body">{t('soracomMfa.doneSam')}</p>
          <div className="button-row">
            <button
              type="button"
              className="button primary"
              onClick={onClose}
              data-testid="soracom-mfa-close"
            >
              {t('soracomMfa.close')}
            </button>
          </div>
        </>
      ) : (
        <>
          <h2 className="section-title">{t('soracomMfa.backupTitle')}</h2>
          <p className="section-body">{t('soracomMfa.backupBody')}</p>
          <ol className="backup-codes" data-testid="soracom-backup-codes">
            {backupCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={() => void copy()}
              data-testid="soracom-backup-copy"
            >
              {t(copied ? 'soracomMfa.copied' : 'soracomMfa.copy')}
            </button>
            <span className="spacer" />
            <button
              type="button"
              className="button primary"
              onClick={onClose}
              data-testid="soracom-backup-saved"
            >
              {t('soracomMfa.saved')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
