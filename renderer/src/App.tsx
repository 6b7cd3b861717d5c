import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  AppInfoDto,
  ErrorDto,
  KeyAgeDto,
  LoginResponse,
  MfaEnableResponse,
  ProfileChangeResponse,
  ProfileDto,
  PromptDto,
  Result,
  SettingsDto,
} from '../../src/shared/ipc-contract';
import { ROLE_CHAINING_MAX_SECONDS } from '../../src/core/rules/role-rules';
import { api, call } from './api/api';
import { failureOf, type Failure } from './errors';
import type { NoticeData } from './components/ui';
import { formatDuration, I18nContext, makeI18n, noteText, resolveLocale } from './i18n';
import { MfaDevicesView } from './views/MfaDevicesView';
import { MfaSetupView } from './views/mfa-setup/MfaSetupView';
import { OtpView } from './views/OtpView';
import { ProfileFormView, type SavedKind } from './views/profile-form/ProfileFormView';
import { SettingsView } from './views/SettingsView';
import { SoracomFormView } from './views/SoracomFormView';
import { SoracomMfaView } from './views/SoracomMfaView';
import { StatusView } from './views/StatusView';
import { FunnelView } from './views/funnel/FunnelView';
import { RotationView } from './views/rotation/RotationView';

type View =
  | { name: 'status' }
  | { name: 'otp'; prompt: PromptDto }
  | { name: 'add' }
  | { name: 'edit'; profile: string }
  | { name: 'settings' }
  | { name: 'mfa-devices'; profile: string }
  | { name: 'mfa-setup'; profile: string; returnTo: View }
  | { name: 'soracom-add' }
  | { name: 'soracom-mfa'; profile: string }
  | { name: 'rotation'; profile: string }
  | { name: 'funnel' };

const DEFAULT_SETTINGS: SettingsDto = {
  leadTimeSeconds: 600,
  notifications: true,
  language: 'system',
  startAtLogin: false,
  keyAgeReminderDays: 90,
};

export function App() {
  const [profiles, setProfiles] = useState<ProfileDto[] | null>(null);
  const [loadError, setLoadError] = useState<ErrorDto | null>(null);
  const [settings, setSettings] = useState<SettingsDto>(DEFAULT_SETTINGS);
  const [appInfo, setAppInfo] = useState<AppInfoDto | null>(null);
  const [view, setView] = useState<View>({ name: 'status' });
  const [notice, setNotice] = useState<NoticeData | null>(null);
  const [actionError, setActionError] = useState<(Failure & { profile?: string }) | null>(null);
  /** A profile just added or imported: the list scrolls to it and highlights it. */
  const [highlight, setHighlight] = useState<string | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  /** Log out on a source with logged-in roles: whether the roles go too is being asked. */
  const [logoutAsk, setLogoutAsk] = useState<{ name: string; roles: string[] } | null>(null);
  /** A code prompt that arrived during an MFA device setup: shown when the setup ends, not over it. */
  const [deferredPrompt, setDeferredPrompt] = useState<PromptDto | null>(null);
  /** Known base-key ages (rotations.json), shown in the rows. */
  const [keyAges, setKeyAges] = useState<KeyAgeDto[]>([]);
  const viewRef = useRef<View>(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);

  const locale = resolveLocale(settings.language, navigator.language);
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  const { t } = i18n;

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const applyList = useCallback((result: Result<ProfileDto[]>) => {
    if (result.ok) {
      setProfiles(result.value);
      setLoadError(null);
    } else {
      setLoadError(result.error);
    }
  }, []);
  const loadProfiles = useCallback(() => call('profiles:list').then(applyList), [applyList]);

  const loadKeyAges = useCallback(() => {
    void call('rotation:key-ages').then((result) => {
      if (result.ok) setKeyAges(result.value);
    });
  }, []);
  useEffect(() => {
    loadKeyAges();
  }, [profiles, loadKeyAges]);
  useEffect(
    () =>
      api.on('rotation:progress', (event) => {
        if (event.point === 'key-age' || event.point === 'deactivated' || event.point === 'finished')
          loadKeyAges();
      }),
    [loadKeyAges],
  );

  useEffect(() => {
    const offs = [
      api.on('profiles:changed', (list) => {
        setProfiles(list);
        setLoadError(null);
      }),
      api.on('prompt:show', (prompt) => {
        // Taking over the setup would abandon it (the scanned device would be deleted): the prompt waits.
        if (viewRef.current.name === 'mfa-setup') {
          setDeferredPrompt(prompt);
          return;
        }
        setActionError(null);
        setView({ name: 'otp', prompt });
      }),
      api.on('prompt:closed', ({ name }) => {
        setDeferredPrompt((p) => (p?.name === name ? null : p));
        setView((v) => (v.name === 'otp' && v.prompt.name === name ? { name: 'status' } : v));
      }),
    ];
    void (async () => {
      const [info, stored] = await Promise.all([call('app:info'), call('settings:get')]);
      if (stored.ok) setSettings(stored.value);
      if (info.ok) {
        setAppInfo(info.value);
        const pending = info.value.prompt;
        if (pending) setView((v) => (v.name === 'status' ? { name: 'otp', prompt: pending } : v));
      }
    })();
    void call('profiles:list').then(applyList);
    return () => offs.forEach((off) => off());
  }, [applyList]);

  const setRowBusy = (name: string, on: boolean) =>
    setBusy((prev) => {
      const next = new Set(prev);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  const goStatus = () => setView({ name: 'status' });

  const openOtp = async (name: string) => {
    setActionError(null);
    setNotice(null);
    setRowBusy(name, true);
    if (profiles?.find((p) => p.name === name)?.soracom?.authMode === 'authkey') {
      // An auth key signs in to SORACOM without MFA: no code to ask for.
      const login = await call('soracom:login', name);
      setRowBusy(name, false);
      if (login.ok) onLoggedIn(name, login.value);
      else setActionError(failureOf(login.error));
      return;
    }
    const row = profiles?.find((p) => p.name === name);
    const source = row?.role && profiles?.find((p) => p.name === row.role?.source);
    const fromSource =
      !!row?.role &&
      row.durationSeconds <= ROLE_CHAINING_MAX_SECONDS &&
      (source?.state === 'valid' || source?.state === 'expiring');
    if (row?.builtInAuthenticator || fromSource) {
      // The built-in authenticator makes the code, or a role is assumed from its source's session (one code
      // in the morning serves every role): no prompt, no typing.
      const login = await call('session:login-built-in', name);
      setRowBusy(name, false);
      if (login.ok) onLoggedIn(name, login.value);
      else setActionError({ ...failureOf(login.error), profile: name });
      return;
    }
    const result = await call('prompt:open', name);
    setRowBusy(name, false);
    if (result.ok) setView({ name: 'otp', prompt: result.value });
    else setActionError({ ...failureOf(result.error), profile: name });
  };

  const openSetup = (name: string, returnTo: View) => {
    setNotice(null);
    setActionError(null);
    setView({ name: 'mfa-setup', profile: name, returnTo });
  };

  /** Leaves the setup: to a prompt that waited meanwhile, else back where the setup was opened from. */
  const closeSetup = (returnTo: View, abandoned: boolean) => {
    if (deferredPrompt) {
      setDeferredPrompt(null);
      setView({ name: 'otp', prompt: deferredPrompt });
      return;
    }
    if (abandoned && returnTo.name === 'status')
      setNotice({ tone: 'info', text: t('status.setupAbandoned') });
    setView(returnTo);
  };

  const onMfaEnabled = (response: MfaEnableResponse) => {
    const name = response.profile.name;
    setProfiles((list) => list?.map((p) => (p.name === name ? { ...p, ...response.profile } : p)) ?? list);
  };

  /** The roles assumed from `source` (names), optionally only those logged in. */
  const rolesOf = (source: string, loggedIn = false): string[] =>
    (profiles ?? [])
      .filter(
        (p) => p.role?.source === source && (!loggedIn || p.state === 'valid' || p.state === 'expiring'),
      )
      .map((p) => p.name);

  /** Log out: a source whose roles are logged in asks first whether they go too. */
  const logout = (name: string) => {
    setActionError(null);
    setNotice(null);
    const roles = rolesOf(name, true);
    if (roles.length > 0) setLogoutAsk({ name, roles });
    else void logoutNow(name, []);
  };

  const logoutNow = async (name: string, roles: string[]) => {
    setLogoutAsk(null);
    setRowBusy(name, true);
    const result = await call('session:logout', name, ...(roles.length > 0 ? [{ withRoles: true }] : []));
    setRowBusy(name, false);
    if (result.ok) {
      setNotice({
        tone: 'success',
        text:
          roles.length > 0
            ? t('status.loggedOutWithRoles', { name, roles: roles.join(', ') })
            : t('status.loggedOut', { name }),
      });
      await loadProfiles();
    } else {
      setActionError({ ...failureOf(result.error), profile: name });
    }
  };

  const onLoggedIn = (name: string, response: LoginResponse) => {
    if (response.codeHandedOut) {
      // The code went to a waiting soracom-cli call: nothing logged in here.
      setNotice({ tone: 'success', text: t('soracom.codeHandedOut', { name }) });
      setActionError(null);
      goStatus();
      return;
    }
    setProfiles((list) => list?.map((p) => (p.name === name ? response.profile : p)) ?? list);
    const granted = Math.max(0, Math.round((Date.parse(response.expiresAt) - Date.now()) / 1000));
    setNotice({
      tone: response.warnings.length > 0 ? 'warning' : 'success',
      text: t('status.loggedIn', { name, duration: formatDuration(t, granted) }),
      details: response.warnings.map((n) => noteText(t, n)),
      // How to use the session: the AWS CLI's --profile with the target profile.
      command: {
        shown: `aws … --profile ${response.profile.target}`,
        copied: `--profile ${response.profile.target}`,
      },
    });
    setActionError(null);
    setHighlight(null);
    goStatus();
  };

  const cancelOtp = (name: string) => {
    // Dismiss the pending prompt in the app too (a waiting CLI call then fails instead of hanging).
    void call('prompt:cancel', name);
    goStatus();
  };

  const onSaved = (kind: SavedKind, response: ProfileChangeResponse, awsProfile?: string) => {
    const name = response.profile.name;
    const text =
      kind === 'imported'
        ? t('status.imported', { awsProfile: awsProfile ?? name, name })
        : t(kind === 'added' ? 'status.added' : 'status.saved', { name });
    setNotice({
      tone: response.notes.length > 0 ? 'info' : 'success',
      text,
      details: response.notes.map((n) => noteText(t, n)),
    });
    setActionError(null);
    setHighlight(kind === 'saved' ? null : name);
    setProfiles((list) => {
      if (!list) return list;
      return list.some((p) => p.name === name)
        ? list.map((p) => (p.name === name ? response.profile : p))
        : [...list, response.profile];
    });
    goStatus();
    void loadProfiles();
  };

  const onRemoved = (name: string) => {
    // A source goes with its roles (the form said so and asked for it).
    const roles = rolesOf(name);
    setNotice({
      tone: 'success',
      text:
        roles.length > 0
          ? t('status.removedWithRoles', { name, roles: roles.join(', ') })
          : t('status.removed', { name }),
    });
    setProfiles((list) => list?.filter((p) => p.name !== name && !roles.includes(p.name)) ?? list);
    goStatus();
    void loadProfiles();
  };

  const findProfile = (name: string) => profiles?.find((p) => p.name === name);

  let content;
  switch (view.name) {
    case 'otp':
      content = (
        <OtpView
          key={view.prompt.name}
          prompt={view.prompt}
          profile={findProfile(view.prompt.name)}
          onDone={onLoggedIn}
          onCancel={cancelOtp}
          onEditProfile={(name) => {
            void call('prompt:cancel', name);
            setView({ name: 'edit', profile: name });
          }}
          onSetupMfa={(name) => {
            void call('prompt:cancel', name);
            openSetup(name, { name: 'status' });
          }}
        />
      );
      break;
    case 'soracom-add':
      content = (
        <SoracomFormView
          key="soracom-add"
          profile={undefined}
          onSaved={onSaved}
          onRemoved={onRemoved}
          onBack={goStatus}
        />
      );
      break;
    case 'soracom-mfa':
      content = (
        <SoracomMfaView
          key={`soracom-mfa-${view.profile}`}
          profileName={view.profile}
          profile={findProfile(view.profile)}
          onClose={goStatus}
          onLoginNow={(name) => {
            goStatus();
            void openOtp(name);
          }}
          onVerified={(profile) =>
            setProfiles((list) => list?.map((p) => (p.name === profile.name ? profile : p)) ?? list)
          }
        />
      );
      break;
    case 'mfa-devices':
      content = (
        <MfaDevicesView
          key={`mfa-devices-${view.profile}`}
          profileName={view.profile}
          profile={findProfile(view.profile)}
          onBack={goStatus}
          onSetup={() => openSetup(view.profile, view)}
        />
      );
      break;
    case 'mfa-setup': {
      const { returnTo } = view;
      content = (
        <MfaSetupView
          key={`mfa-setup-${view.profile}`}
          profileName={view.profile}
          waitingPrompt={deferredPrompt}
          onClose={({ abandoned }) => closeSetup(returnTo, abandoned)}
          onEnabled={onMfaEnabled}
          hadBuiltInAuthenticator={findProfile(view.profile)?.builtInAuthenticator === true}
          onLoginNow={(name) => {
            if (deferredPrompt) {
              closeSetup({ name: 'status' }, false);
              return;
            }
            goStatus();
            void openOtp(name);
          }}
        />
      );
      break;
    }
    case 'add':
      content = (
        <ProfileFormView
          key="add"
          profile={undefined}
          onSaved={onSaved}
          onRemoved={onRemoved}
          onBack={goStatus}
        />
      );
      break;
    case 'edit': {
      const profile = findProfile(view.profile);
      if (profile?.kind === 'soracom') {
        content = (
          <SoracomFormView
            key={`soracom-edit-${view.profile}`}
            profile={profile}
            onSaved={onSaved}
            onRemoved={onRemoved}
            onBack={goStatus}
            onSetupMfa={(name) => setView({ name: 'soracom-mfa', profile: name })}
          />
        );
        break;
      }
      content = (
        <ProfileFormView
          key={`edit-${view.profile}`}
          profile={profile}
          missing={profile ? undefined : view.profile}
          roles={rolesOf(view.profile)}
          onSaved={onSaved}
          onRemoved={onRemoved}
          onBack={goStatus}
          onSetupMfa={(name) => openSetup(name, view)}
          onMfaDevices={(name) => setView({ name: 'mfa-devices', profile: name })}
        />
      );
      break;
    }
    case 'rotation':
      content = (
        <RotationView
          key={`rotation-${view.profile}`}
          profileName={view.profile}
          profile={findProfile(view.profile)}
          onClose={() => {
            goStatus();
            loadKeyAges();
          }}
        />
      );
      break;
    case 'funnel':
      content = <FunnelView profiles={profiles ?? []} onBack={goStatus} />;
      break;
    case 'settings':
      content = (
        <SettingsView settings={settings} appInfo={appInfo} onChange={setSettings} onBack={goStatus} />
      );
      break;
    case 'status':
      content = (
        <StatusView
          profiles={profiles}
          loadError={loadError}
          actionError={actionError}
          notice={notice}
          leadTimeSeconds={settings.leadTimeSeconds}
          busy={busy}
          onLogin={(name) => void openOtp(name)}
          onLogout={logout}
          logoutAsk={logoutAsk}
          onLogoutAnswer={(withRoles) => {
            if (logoutAsk) void logoutNow(logoutAsk.name, withRoles ? logoutAsk.roles : []);
          }}
          onLogoutCancel={() => setLogoutAsk(null)}
          onEdit={(name) => {
            setNotice(null);
            setView({ name: 'edit', profile: name });
          }}
          onSetupMfa={(name) => openSetup(name, { name: 'status' })}
          onMfaDevices={(name) => {
            setNotice(null);
            const soracom = findProfile(name)?.kind === 'soracom';
            setView(
              soracom ? { name: 'soracom-mfa', profile: name } : { name: 'mfa-devices', profile: name },
            );
          }}
          onAdd={() => {
            setNotice(null);
            setView({ name: 'add' });
          }}
          onAddSoracom={() => {
            setNotice(null);
            setView({ name: 'soracom-add' });
          }}
          onSettings={() => setView({ name: 'settings' })}
          keyAges={keyAges}
          keyAgeReminderDays={settings.keyAgeReminderDays}
          onRotate={(name) => {
            setNotice(null);
            setActionError(null);
            setView({ name: 'rotation', profile: name });
          }}
          onFunnel={
            profiles?.some((p) => p.kind === 'soracom') && profiles.some((p) => p.kind === 'aws')
              ? () => {
                  setNotice(null);
                  setView({ name: 'funnel' });
                }
              : undefined
          }
          onHelp={() => void call('app:help')}
          onQuit={() => void call('app:quit')}
          highlight={highlight}
          onRetry={() => void loadProfiles()}
          onDismiss={() => {
            setNotice(null);
            setActionError(null);
            setHighlight(null);
          }}
          onHide={() => void call('window:hide')}
        />
      );
      break;
  }

  return (
    <I18nContext value={i18n}>
      <div className="app" data-view={view.name}>
        {content}
      </div>
    </I18nContext>
  );
}
