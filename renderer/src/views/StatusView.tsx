import type { ErrorDto, ProfileDto, SessionState } from '../../../src/shared/ipc-contract';
import { GearIcon, KeyIcon, PencilIcon, PhoneIcon, PlusIcon, Spinner } from '../components/icons';
import { ErrorMessage, Notice, StateBadge, useEscape, type NoticeData } from '../components/ui';
import { SoracomMark, soracomIdentity } from '../components/SoracomMark';
import { useI18n, type Locale } from '../i18n';
import { formatCountdown, liveState, secondsLeft, useNow } from '../time';

export interface StatusViewProps {
  profiles: ProfileDto[] | null;
  loadError: ErrorDto | null;
  actionError: { error: ErrorDto; at: number } | null;
  notice: NoticeData | null;
  leadTimeSeconds: number;
  busy: ReadonlySet<string>;
  onLogin: (name: string) => void;
  onLogout: (name: string) => void;
  onEdit: (name: string) => void;
  /** "Set up MFA device" (a profile without one shows it instead of Log in). */
  onSetupMfa: (name: string) => void;
  onMfaDevices: (name: string) => void;
  onAdd: () => void;
  /** "Add SORACOM account". */
  onAddSoracom?: () => void;
  onSettings: () => void;
  onRetry: () => void;
  onDismiss: () => void;
  onHide: () => void;
}

export function StatusView(props: StatusViewProps) {
  const { t } = useI18n();
  useEscape(props.onHide);
  return (
    <>
      <header className="app-header">
        <span className="app-logo" aria-hidden="true" />
        <h1 className="app-title">{t('app.name')}</h1>
        <button
          type="button"
          className="icon-button"
          onClick={props.onAdd}
          data-testid="add-profile"
          aria-label={t('app.addProfile')}
          title={t('app.addProfile')}
        >
          <PlusIcon />
        </button>
        {props.onAddSoracom ? (
          <button
            type="button"
            className="icon-button soracom-add"
            onClick={props.onAddSoracom}
            data-testid="add-soracom"
            aria-label={t('soracom.addEntry')}
            title={t('soracom.addEntry')}
          >
            <PlusIcon />
            <SoracomMark />
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button"
          onClick={props.onSettings}
          data-testid="settings"
          aria-label={t('app.settings')}
          title={t('app.settings')}
        >
          <GearIcon />
        </button>
      </header>
      <main className="view">
        {props.notice ? <Notice notice={props.notice} onDismiss={props.onDismiss} /> : null}
        {props.actionError ? (
          <ErrorMessage
            error={props.actionError.error}
            receivedAt={props.actionError.at}
            testId="action-error"
          />
        ) : null}
        <StatusBody {...props} />
      </main>
    </>
  );
}

function StatusBody(props: StatusViewProps) {
  const { t } = useI18n();
  if (props.profiles === null) {
    if (props.loadError) {
      return (
        <div className="stack">
          <p className="lead-text">{t('status.loadFailed')}</p>
          <ErrorMessage error={props.loadError} testId="load-error" />
          <button type="button" className="button" onClick={props.onRetry}>
            {t('app.retry')}
          </button>
        </div>
      );
    }
    return (
      <div className="centered">
        <Spinner label={t('app.loading')} />
      </div>
    );
  }
  if (props.profiles.length === 0) {
    return (
      <div className="empty" data-testid="empty-state">
        <div className="empty-icon">
          <KeyIcon />
        </div>
        <h2 className="empty-title">{t('status.emptyTitle')}</h2>
        <p className="empty-body">{t('status.emptyBody')}</p>
        <button
          type="button"
          className="button primary"
          onClick={props.onAdd}
          data-testid="add-first-profile"
        >
          {t('status.emptyAction')}
        </button>
      </div>
    );
  }
  return (
    <ul className="profiles" aria-label={t('status.listLabel')}>
      {props.profiles.map((profile) => (
        <ProfileRow key={profile.name} profile={profile} {...props} />
      ))}
    </ul>
  );
}

/** "alice-phone" from arn:aws:iam::123456789012:mfa/alice-phone; a hardware serial stays as it is. */
export function shortDevice(serial: string | null): string | null {
  if (!serial) return null;
  const match = /:(?:mfa|u2f)\/(.+)$/.exec(serial);
  return match?.[1] ?? serial;
}

function accountOf(profile: ProfileDto): string | null {
  if (profile.accountId) return profile.accountId;
  return /^arn:aws[\w-]*:iam::(\d{12}):/.exec(profile.mfaSerial ?? '')?.[1] ?? null;
}

function clockTime(locale: Locale, ms: number): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(ms));
}

function ProfileRow({
  profile,
  leadTimeSeconds,
  busy,
  onLogin,
  onLogout,
  onEdit,
  onSetupMfa,
  onMfaDevices,
}: StatusViewProps & { profile: ProfileDto }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const { name } = profile;
  const state: SessionState = liveState(profile.expiresAt, now, leadTimeSeconds);
  const left = secondsLeft(profile.expiresAt, now);
  const fraction = profile.durationSeconds > 0 ? Math.min(1, left / profile.durationSeconds) : 0;
  // A SORACOM account: its mark and who it signs in as, instead of an AWS account and device.
  const soracom = profile.soracom;
  const account = soracom ? null : accountOf(profile);
  const device = shortDevice(profile.mfaSerial);
  const isBusy = busy.has(name);
  // A role hangs under its source profile: assumed from the source's MFA session, no device of its own.
  const role = profile.role;
  const loggedIn = state === 'valid' || state === 'expiring';
  const expiry = profile.expiresAt ? Date.parse(profile.expiresAt) : NaN;
  const expiryText = Number.isNaN(expiry)
    ? undefined
    : t(state === 'expired' ? 'status.expiredAt' : 'status.expiresAt', { time: clockTime(locale, expiry) });

  return (
    <li
      className={`profile profile-${state}${role ? ' profile-role' : ''}`}
      data-testid={`profile-row-${name}`}
      data-state={state}
    >
      <div className="profile-head">
        <h2 className="profile-name" title={name}>
          {name}
        </h2>
        <StateBadge name={name} state={state} />
      </div>
      <p className="profile-meta">
        {soracom ? <SoracomMark testId={`soracom-mark-${name}`} /> : null}
        {soracom ? (
          <span className="truncate" data-testid={`soracom-identity-${name}`}>
            {soracomIdentity(soracom)}
          </span>
        ) : null}
        {account ? <span title={t('status.account', { account })}>{account}</span> : null}
        {account ? <span className="sep">·</span> : null}
        {device ? (
          <span className="truncate" title={profile.mfaSerial ?? undefined}>
            {device}
          </span>
        ) : null}
        {device && profile.builtInAuthenticator ? (
          <span
            className="tag tag-warn nowrap"
            title={t('status.builtInHelp')}
            data-testid={`builtin-${name}`}
          >
            {t('status.builtIn')}
          </span>
        ) : null}
        {role ? (
          <span className="truncate" title={role.roleArn} data-testid={`role-source-${name}`}>
            ↳ {role.source}
          </span>
        ) : null}
        {device || role || soracom ? null : <span className="warn-text">{t('status.noDevice')}</span>}
        {profile.accessKeyIdSuffix ? (
          <>
            <span className="sep">·</span>
            <span className="nowrap" title={t('status.key', { suffix: profile.accessKeyIdSuffix })}>
              …{profile.accessKeyIdSuffix}
            </span>
          </>
        ) : null}
      </p>
      <p className="profile-meta">
        <span className="arrow">→</span>
        <code className="truncate" title={profile.target}>
          {profile.target}
        </code>
        <span className="sep">·</span>
        <span className="nowrap">
          {t(
            soracom
              ? 'soracom.delivery'
              : profile.delivery === 'process'
                ? 'status.delivery.process'
                : 'status.delivery.file',
          )}
        </span>
      </p>
      <div className="profile-foot">
        <span
          className="countdown"
          data-testid={`countdown-${name}`}
          role="timer"
          aria-label={t('status.remaining')}
          title={expiryText}
        >
          {formatCountdown(left)}
        </span>
        <div className="actions">
          {device || role || soracom ? (
            <button
              type="button"
              className={`button ${state === 'valid' ? '' : 'primary'}`}
              data-testid={`login-${name}`}
              onClick={() => onLogin(name)}
              disabled={isBusy}
            >
              {isBusy ? <Spinner /> : null}
              {t(loggedIn ? 'status.refresh' : 'status.login')}
            </button>
          ) : (
            // Nothing to log in with yet: setting up a device is the next step.
            <button
              type="button"
              className="button primary"
              data-testid={`mfa-setup-${name}`}
              onClick={() => onSetupMfa(name)}
              disabled={isBusy}
            >
              {t('status.setupMfa')}
            </button>
          )}
          {state !== 'none' ? (
            <button
              type="button"
              className="button ghost"
              data-testid={`logout-${name}`}
              onClick={() => onLogout(name)}
              disabled={isBusy}
            >
              {t('status.logout')}
            </button>
          ) : null}
          {role ? null : (
            <button
              type="button"
              className="icon-button"
              data-testid={`mfa-devices-${name}`}
              onClick={() => onMfaDevices(name)}
              aria-label={t('status.mfaDevices', { name })}
              title={t('status.mfaDevices', { name })}
            >
              <PhoneIcon />
            </button>
          )}
          {role ? null : (
            <button
              type="button"
              className="icon-button"
              data-testid={`edit-${name}`}
              onClick={() => onEdit(name)}
              aria-label={t('status.edit', { name })}
              title={t('status.edit', { name })}
            >
              <PencilIcon />
            </button>
          )}
        </div>
      </div>
      <div className="progress" aria-hidden="true">
        <div className="progress-bar" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </div>
    </li>
  );
}
