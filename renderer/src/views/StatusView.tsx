import { useEffect, useRef, useState } from 'react';
import type { ErrorDto, ProfileDto, SessionState } from '../../../src/shared/ipc-contract';
import { accountIdFromSerial } from '../../../src/core/rules/profile-rules';
import { GearIcon, KeyIcon, MoreIcon, PlusIcon, SearchIcon, Spinner } from '../components/icons';
import { ConfirmAction } from '../components/ConfirmAction';
import { Menu, type MenuItem } from '../components/Menu';
import { ErrorMessage, Notice, useEscape, type NoticeData } from '../components/ui';
import { SoracomMark, soracomIdentity } from '../components/SoracomMark';
import { pointsAtProfileSettings } from '../errors';
import { useI18n, type Locale, type Translate } from '../i18n';
import { formatCountdown, liveState, secondsLeft, useNow } from '../time';

/** More profiles than this and the list gets a search field. */
export const SEARCH_FROM = 7;

export interface StatusViewProps {
  profiles: ProfileDto[] | null;
  loadError: ErrorDto | null;
  /** `profile`: the profile the failed action was for (an error about its settings offers to open them). */
  actionError: { error: ErrorDto; at: number; profile?: string } | null;
  notice: NoticeData | null;
  leadTimeSeconds: number;
  busy: ReadonlySet<string>;
  /** A profile just added or imported: scrolled to and highlighted. */
  highlight?: string | null;
  onLogin: (name: string) => void;
  onLogout: (name: string) => void;
  /** Log out on a source with logged-in roles: asking whether they go too. */
  logoutAsk?: { name: string; roles: string[] } | null;
  onLogoutAnswer?: (withRoles: boolean) => void;
  onLogoutCancel?: () => void;
  onEdit: (name: string) => void;
  /** "Set up MFA device" (a profile without one shows it instead of Log in). */
  onSetupMfa: (name: string) => void;
  onMfaDevices: (name: string) => void;
  onAdd: () => void;
  /** "Add SORACOM account". */
  onAddSoracom?: () => void;
  onSettings: () => void;
  onHelp: () => void;
  onQuit: () => void;
  onRetry: () => void;
  onDismiss: () => void;
  onHide: () => void;
}

export function StatusView(props: StatusViewProps) {
  const { t } = useI18n();
  useEscape(props.onHide);
  const failedFor = props.actionError?.profile;
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
        <Menu
          label={t('app.menu')}
          testId="app-menu"
          icon={<MoreIcon />}
          items={[
            { label: t('app.help'), onSelect: props.onHelp, testId: 'app-help' },
            { label: t('app.quit'), onSelect: props.onQuit, testId: 'app-quit' },
          ]}
        />
      </header>
      <main className="view">
        {props.notice ? <Notice notice={props.notice} onDismiss={props.onDismiss} /> : null}
        {props.logoutAsk ? (
          <ConfirmAction
            title={t('status.logoutRolesTitle', { name: props.logoutAsk.name })}
            confirmLabel={t('status.logoutWithRoles')}
            busyLabel={t('status.logoutWithRoles')}
            onConfirm={() => props.onLogoutAnswer?.(true)}
            onCancel={() => props.onLogoutCancel?.()}
            alternative={{
              label: t('status.logoutKeepRoles'),
              onSelect: () => props.onLogoutAnswer?.(false),
              testId: 'logout-keep-roles',
            }}
            testId="logout-roles-confirm"
            confirmTestId="logout-with-roles"
          >
            <p>{t('status.logoutRolesBody', { roles: props.logoutAsk.roles.join(', ') })}</p>
          </ConfirmAction>
        ) : null}
        {props.actionError ? (
          <ErrorMessage
            error={props.actionError.error}
            receivedAt={props.actionError.at}
            testId="action-error"
            action={
              failedFor && pointsAtProfileSettings(props.actionError.error)
                ? { label: t('error.openProfileSettings'), onClick: () => props.onEdit(failedFor) }
                : undefined
            }
          />
        ) : null}
        <StatusBody {...props} />
      </main>
    </>
  );
}

/** Lower first: expired, expiring, valid (by time left), not logged in. */
function urgency(state: SessionState): number {
  return state === 'expired' ? 0 : state === 'expiring' ? 1 : state === 'valid' ? 2 : 3;
}

/**
 * The list by urgency of its profiles; a role stays right under its source profile (it is assumed from the
 * source's session), so a source moves with its roles, ranked by the source's own state.
 */
export function sortByUrgency(profiles: ProfileDto[], now: number, leadSeconds: number): ProfileDto[] {
  const names = new Set(profiles.map((p) => p.name));
  const rolesOf = new Map<string, ProfileDto[]>();
  for (const p of profiles) {
    if (p.role && names.has(p.role.source) && p.role.source !== p.name) {
      const list = rolesOf.get(p.role.source) ?? [];
      list.push(p);
      rolesOf.set(p.role.source, list);
    }
  }
  const heads = profiles.filter((p) => !(p.role && names.has(p.role.source) && p.role.source !== p.name));
  const keyed = heads.map((profile, index) => {
    const state = liveState(profile.expiresAt, now, leadSeconds);
    const expiry = profile.expiresAt ? Date.parse(profile.expiresAt) : NaN;
    return { profile, index, rank: urgency(state), expiry: Number.isNaN(expiry) ? 0 : expiry };
  });
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      // Expiring and valid: least time left first. Expired and not logged in: the list's order.
      (a.rank === 1 || a.rank === 2 ? a.expiry - b.expiry : 0) ||
      a.index - b.index,
  );
  return keyed.flatMap((k) => [k.profile, ...(rolesOf.get(k.profile.name) ?? [])]);
}

function StatusBody(props: StatusViewProps) {
  const { t } = useI18n();
  const now = useNow();
  const [query, setQuery] = useState('');
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
  const searching = props.profiles.length >= SEARCH_FROM;
  const needle = searching ? query.trim().toLowerCase() : '';
  const shown = sortByUrgency(props.profiles, now, props.leadTimeSeconds).filter(
    (p) => !needle || p.name.toLowerCase().includes(needle) || p.target.toLowerCase().includes(needle),
  );
  return (
    <>
      {searching ? (
        <label className="search">
          <SearchIcon />
          <input
            type="search"
            className="search-input"
            data-testid="profile-search"
            aria-label={t('status.search')}
            placeholder={t('status.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
      ) : null}
      {shown.length === 0 ? (
        <p className="lead-text" data-testid="search-none">
          {t('status.searchNone', { query: query.trim() })}
        </p>
      ) : (
        <ul className="profiles" aria-label={t('status.listLabel')}>
          {shown.map((profile) => (
            <ProfileRow key={profile.name} profile={profile} now={now} {...props} />
          ))}
        </ul>
      )}
    </>
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
  return accountIdFromSerial(profile.mfaSerial) ?? null;
}

function clockTime(locale: Locale, ms: number): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(ms));
}

/** "Expired 3 min ago" — how long ago, in the largest unit that fits. */
export function expiredAgo(t: Translate, ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return t('status.expiredJustNow');
  if (minutes < 60) return t('status.expiredMinutesAgo', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('status.expiredHoursAgo', { count: hours });
  return t('status.expiredDaysAgo', { count: Math.floor(hours / 24) });
}

function ProfileRow({
  profile,
  now,
  leadTimeSeconds,
  busy,
  highlight,
  onLogin,
  onLogout,
  onEdit,
  onSetupMfa,
  onMfaDevices,
}: StatusViewProps & { profile: ProfileDto; now: number }) {
  const { t, locale } = useI18n();
  const { name } = profile;
  const row = useRef<HTMLLIElement>(null);
  const highlighted = highlight === name;
  useEffect(() => {
    if (highlighted) row.current?.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);
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
  const when =
    state === 'none'
      ? t('status.notLoggedIn')
      : state === 'expired'
        ? expiredAgo(t, now - expiry)
        : formatCountdown(left);
  const about = [
    account ? t('status.account', { account }) : null,
    role
      ? role.roleArn
      : soracom
        ? soracomIdentity(soracom)
        : device
          ? t('status.device', { device })
          : t('status.noDevice'),
    profile.accessKeyIdSuffix ? t('status.key', { suffix: profile.accessKeyIdSuffix }) : null,
    t(
      soracom
        ? 'soracom.delivery'
        : profile.delivery === 'process'
          ? 'status.delivery.process'
          : 'status.delivery.file',
    ),
  ]
    .filter(Boolean)
    .join(' · ');

  const items: MenuItem[] = [];
  if (state !== 'none')
    items.push({ label: t('status.logout'), onSelect: () => onLogout(name), testId: `logout-${name}` });
  if (!role) {
    items.push({
      label: soracom ? t('soracom.setupMfa') : t('status.mfaDevices', { name }),
      onSelect: () => onMfaDevices(name),
      testId: `mfa-devices-${name}`,
    });
    items.push({ label: t('status.edit', { name }), onSelect: () => onEdit(name), testId: `edit-${name}` });
  }

  return (
    <li
      ref={row}
      className={`profile profile-${state}${role ? ' profile-role' : ''}${highlighted ? ' profile-highlight' : ''}`}
      data-testid={`profile-row-${name}`}
      data-state={state}
      data-highlight={highlighted ? 'true' : undefined}
    >
      <span
        className={`state-dot dot-${state}`}
        data-testid={`state-${name}`}
        data-state={state}
        role="img"
        aria-label={t(`state.${state}`)}
        title={t(`state.${state}`)}
      />
      <div className="profile-main">
        <div className="profile-line">
          <h2 className="profile-name" title={about}>
            {name}
          </h2>
          {soracom ? <SoracomMark testId={`soracom-mark-${name}`} /> : null}
          {device && profile.builtInAuthenticator ? (
            <span
              className="tag tag-warn nowrap"
              title={t('status.builtInHelp')}
              data-testid={`builtin-${name}`}
            >
              {t('status.builtIn')}
            </span>
          ) : null}
        </div>
        <p className="profile-sub">
          <span
            className="countdown"
            data-testid={`countdown-${name}`}
            role={loggedIn ? 'timer' : undefined}
            aria-label={loggedIn ? t('status.remaining') : undefined}
            title={expiryText}
          >
            {when}
          </span>
          <span className="sep">·</span>
          {role ? (
            <span className="truncate" title={role.roleArn} data-testid={`role-source-${name}`}>
              ↳ {role.source}
            </span>
          ) : soracom ? (
            <span className="truncate" title={about} data-testid={`soracom-identity-${name}`}>
              {soracomIdentity(soracom)}
            </span>
          ) : (
            <code className="truncate" title={profile.target}>
              {profile.target}
            </code>
          )}
        </p>
      </div>
      {device || role || soracom ? (
        <button
          type="button"
          className={`button small ${state === 'valid' ? '' : 'primary'}`}
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
          className="button small primary"
          data-testid={`mfa-setup-${name}`}
          onClick={() => onSetupMfa(name)}
          disabled={isBusy}
        >
          {t('status.setupMfa')}
        </button>
      )}
      {items.length > 0 ? (
        <Menu label={t('status.more', { name })} testId={`more-${name}`} icon={<MoreIcon />} items={items} />
      ) : null}
      {loggedIn ? (
        <div className="progress" aria-hidden="true">
          <div className="progress-bar" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
        </div>
      ) : null}
    </li>
  );
}
