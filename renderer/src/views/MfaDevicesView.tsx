/**
 * A profile's MFA devices: the IAM user's devices (enable date, which one logs in, the built-in
 * authenticator), "N of 8", resync and remove; and the account's unassigned virtual devices ("orphans" of
 * unfinished setups) with Delete. Removing asks once (ConfirmAction), saying what stops working, the device
 * the profile logs in with included.
 */
import { useCallback, useEffect, useState } from 'react';
import type {
  MfaAssignedDeviceDto,
  MfaDeviceListDto,
  MfaRemovalPlanDto,
  ProfileDto,
  Result,
} from '../../../src/shared/ipc-contract';
import { isVirtualMfaSerial } from '../../../src/core/rules/profile-rules';
import { call } from '../api/api';
import { failureOf, type Failure } from '../errors';
import { CodePair } from '../components/CodePair';
import { ConfirmAction } from '../components/ConfirmAction';
import { Spinner } from '../components/icons';
import { ErrorMessage, Notice, useEscape, ViewHeader, type NoticeData } from '../components/ui';
import { noteText, useI18n, type Locale, type Translate } from '../i18n';
import { shortDevice } from './StatusView';

export interface MfaDevicesViewProps {
  profileName: string;
  profile: ProfileDto | undefined;
  onBack: () => void;
  onSetup: () => void;
}

interface Removal {
  serialNumber: string;
  /** Where the confirmation shows: under this row. */
  row: string;
  plan: MfaRemovalPlanDto | null;
  busy: boolean;
  failure: Failure | null;
}

function formatDate(locale: Locale, iso: string | null, withTime = false): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms)
    ? null
    : new Intl.DateTimeFormat(
        locale,
        withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
      ).format(new Date(ms));
}

/** The device the profile logs in with after `serialNumber` goes: the core picks the first virtual one left. */
function nextLoginDevice(list: MfaDeviceListDto, serialNumber: string): string | null {
  const remaining = list.assigned.map((d) => d.serialNumber).filter((s) => s !== serialNumber);
  const next = remaining.find(isVirtualMfaSerial) ?? remaining[0];
  return next ? (shortDevice(next) ?? next) : null;
}

/** What stops working, worded here from the plan's facts (the core's sentences are English only). */
function consequences(
  t: Translate,
  plan: MfaRemovalPlanDto,
  list: MfaDeviceListDto,
  profile: ProfileDto | undefined,
): string[] {
  if (plan.status === 'unassigned') return [t('mfa.consequence.unassigned')];
  const device = list.assigned.find((d) => d.serialNumber === plan.serialNumber);
  const lines = [t('mfa.consequence.assigned', { user: plan.userName })];
  if (list.assigned.length === 1) lines.push(t('mfa.consequence.onlyDevice', { user: plan.userName }));
  if (plan.isLoginDevice) {
    const next = nextLoginDevice(list, plan.serialNumber);
    lines.push(
      next
        ? t('mfa.consequence.loginDeviceSwitch', { profile: list.profile, next })
        : t('mfa.consequence.loginDevice', { profile: list.profile }),
    );
    if (profile && (profile.state === 'valid' || profile.state === 'expiring'))
      lines.push(t('mfa.consequence.sessionStays', { profile: list.profile }));
  }
  if (device?.builtInAuthenticator) lines.push(t('mfa.consequence.builtIn'));
  if (plan.virtual) lines.push(t('mfa.consequence.appEntry'));
  return lines;
}

export function MfaDevicesView({ profileName, profile, onBack, onSetup }: MfaDevicesViewProps) {
  const { t, locale } = useI18n();
  const [list, setList] = useState<MfaDeviceListDto | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<NoticeData | null>(null);
  const [resyncing, setResyncing] = useState<string | null>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [authenticatorBusy, setAuthenticatorBusy] = useState(false);
  const [actionFailure, setActionFailure] = useState<Failure | null>(null);

  const apply = useCallback((result: Result<MfaDeviceListDto>) => {
    setLoading(false);
    if (result.ok) {
      setList(result.value);
      setLoadFailure(null);
    } else {
      setLoadFailure(failureOf(result.error));
    }
  }, []);

  const load = async () => {
    setLoading(true);
    apply(await call('mfa:list', profileName));
  };

  useEffect(() => {
    let live = true;
    void call('mfa:list', profileName).then((result) => {
      if (live) apply(result);
    });
    return () => {
      live = false;
    };
  }, [profileName, apply]);

  const closePanels = () => {
    setResyncing(null);
    setRemoval(null);
  };
  // The removal confirmation handles Esc itself (ConfirmAction).
  useEscape(() => (resyncing || removal ? closePanels() : onBack()));

  const startRemoval = async (serialNumber: string, row: string) => {
    setNotice(null);
    setResyncing(null);
    setRemoval({ serialNumber, row, plan: null, busy: true, failure: null });
    const result = await call('mfa:describe-removal', { name: profileName, serialNumber });
    setRemoval((r) =>
      r?.serialNumber !== serialNumber
        ? r
        : result.ok
          ? { ...r, plan: result.value, busy: false }
          : { ...r, busy: false, failure: failureOf(result.error) },
    );
  };

  const confirmRemoval = async (current: Removal) => {
    if (!current.plan) return;
    setRemoval({ ...current, busy: true, failure: null });
    const result = await call('mfa:remove', {
      name: profileName,
      serialNumber: current.serialNumber,
      // One confirmation says it all, the device the profile logs in with included (see renderRemoval).
      ...(current.plan.needsSecondConfirmation ? { confirmedCurrent: true } : {}),
    });
    if (!result.ok) {
      setRemoval({ ...current, busy: false, failure: failureOf(result.error) });
      return;
    }
    setRemoval(null);
    setNotice({
      tone: result.value.notes.length > 0 ? 'info' : 'success',
      text: t('mfa.removed', { device: shortDevice(current.serialNumber) ?? current.serialNumber }),
      details: result.value.notes.map((n) => noteText(t, n)),
    });
    await load();
  };

  const resync = async (serialNumber: string, code1: string, code2: string) => {
    const result = await call('mfa:resync', { name: profileName, serialNumber, code1, code2 });
    if (!result.ok) return result.error;
    setResyncing(null);
    setNotice({
      tone: 'success',
      text: t('mfa.resynced', { device: shortDevice(serialNumber) ?? serialNumber }),
    });
    return null;
  };

  const turnOffAuthenticator = async () => {
    setAuthenticatorBusy(true);
    setActionFailure(null);
    const result = await call('mfa:authenticator', { name: profileName, enabled: false });
    setAuthenticatorBusy(false);
    if (!result.ok) {
      setActionFailure(failureOf(result.error));
      return;
    }
    setNotice({ tone: 'success', text: t('mfa.builtInTurnedOff') });
    await load();
  };

  const renderRemoval = (current: Removal) => {
    if (!list) return null;
    const plan = current.plan;
    const device = shortDevice(current.serialNumber) ?? current.serialNumber;
    const next = plan ? nextLoginDevice(list, plan.serialNumber) : null;
    const error = current.failure ? (
      <ErrorMessage error={current.failure.error} receivedAt={current.failure.at} testId="mfa-error" />
    ) : null;
    return (
      <ConfirmAction
        title={t(plan?.status === 'unassigned' ? 'mfa.orphanDeleteTitle' : 'mfa.removeTitle', { device })}
        confirmLabel={t(plan?.status === 'unassigned' ? 'mfa.orphanDelete' : 'mfa.removeConfirm')}
        busyLabel={t('mfa.removing')}
        // While the plan loads, Cancel stays usable (and focused); only the removal itself is "busy".
        busy={current.busy && plan !== null}
        confirmDisabled={!plan}
        onConfirm={() => void confirmRemoval(current)}
        onCancel={() => setRemoval(null)}
        testId="mfa-removal"
        confirmTestId="mfa-confirm-remove"
        error={error}
      >
        {plan ? (
          <>
            <ul className="consequences" data-testid="mfa-consequences">
              {consequences(t, plan, list, profile).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
            {plan.needsSecondConfirmation ? (
              <p data-testid="mfa-removal-login-device">
                {next
                  ? t('mfa.removeAgainBodySwitch', { profile: list.profile, next })
                  : t('mfa.removeAgainBody', { profile: list.profile })}
              </p>
            ) : null}
          </>
        ) : current.failure ? null : (
          <Spinner label={t('app.loading')} />
        )}
      </ConfirmAction>
    );
  };

  const renderDevice = (device: MfaAssignedDeviceDto, index: number) => {
    const name = shortDevice(device.serialNumber) ?? device.serialNumber;
    const enabled = formatDate(locale, device.enableDate);
    const enabledExactly = formatDate(locale, device.enableDate, true);
    const row = `assigned-${index}`;
    return (
      <li
        key={device.serialNumber}
        className="device"
        data-testid={`mfa-device-row-${index}`}
        data-serial={device.serialNumber}
      >
        <div className="device-head">
          <span className="device-name" title={device.serialNumber}>
            {name}
          </span>
          {device.isLoginDevice ? (
            <span className="tag tag-accent" data-testid="mfa-badge-login">
              {t('mfa.badgeLogin')}
            </span>
          ) : null}
          {device.builtInAuthenticator ? (
            <span className="tag tag-warn" data-testid="mfa-badge-builtin">
              {t('mfa.badgeBuiltIn')}
            </span>
          ) : null}
        </div>
        <p className="device-serial" title={device.serialNumber}>
          {device.serialNumber}
        </p>
        <div className="device-foot">
          <span className="muted" title={enabledExactly ?? undefined}>
            {enabled ? t('mfa.enabledOn', { date: enabled }) : null}
          </span>
          <div className="actions">
            <button
              type="button"
              className="button"
              data-testid={`mfa-resync-${index}`}
              onClick={() => {
                setRemoval(null);
                setNotice(null);
                setResyncing(resyncing === device.serialNumber ? null : device.serialNumber);
              }}
            >
              {t('mfa.resync')}
            </button>
            <button
              type="button"
              className="button ghost danger-text"
              data-testid={`mfa-remove-${index}`}
              onClick={() => void startRemoval(device.serialNumber, row)}
            >
              {t('mfa.remove')}
            </button>
          </div>
        </div>
        {resyncing === device.serialNumber ? (
          <div className="panel" data-testid="mfa-resync-panel">
            <h3 className="confirm-title">{t('mfa.resyncTitle', { device: name })}</h3>
            <p className="field-help">{t('mfa.resyncBody')}</p>
            <CodePair
              submit={(c1, c2) => resync(device.serialNumber, c1, c2)}
              submitLabel={t('mfa.resync')}
              busyLabel={t('mfa.resyncing')}
              submitTestId="mfa-resync"
              cancelLabel={t('app.cancel')}
              cancelTestId="mfa-resync-cancel"
              onCancel={() => setResyncing(null)}
            />
          </div>
        ) : null}
        {removal?.row === row ? renderRemoval(removal) : null}
      </li>
    );
  };

  const atLimit = list !== null && list.assigned.length >= list.limit;
  const authenticator = list?.builtInAuthenticator;

  return (
    <>
      <ViewHeader title={t('mfa.devicesTitle', { name: profileName })} onBack={onBack} />
      <main className="view mfa-devices" data-testid="mfa-devices-view">
        {notice ? <Notice notice={notice} onDismiss={() => setNotice(null)} /> : null}
        {actionFailure ? (
          <ErrorMessage error={actionFailure.error} receivedAt={actionFailure.at} testId="mfa-error" />
        ) : null}
        {list === null ? (
          loadFailure ? (
            <div className="stack">
              <p className="lead-text">{t('mfa.loadFailed')}</p>
              <ErrorMessage error={loadFailure.error} receivedAt={loadFailure.at} testId="mfa-error" />
              <button type="button" className="button" onClick={() => void load()}>
                {t('app.retry')}
              </button>
            </div>
          ) : (
            <div className="centered">
              <Spinner label={t('app.loading')} />
            </div>
          )
        ) : (
          <>
            <section className="summary">
              <p className="muted">{t('mfa.userLine', { user: list.userName, account: list.accountId })}</p>
              <div className={`device-count ${atLimit ? 'device-count-full' : ''}`} data-testid="mfa-count">
                <p className="device-count-text">
                  {t('mfa.count', { count: list.assigned.length, limit: list.limit })}
                </p>
                <p className="field-help">
                  {atLimit
                    ? t('mfa.limitReached', { user: list.userName, limit: list.limit })
                    : t('mfa.limitHelp', { limit: list.limit })}
                </p>
              </div>
              <div className="button-row">
                <button
                  type="button"
                  className="button ghost"
                  onClick={() => void load()}
                  disabled={loading}
                  data-testid="mfa-reload"
                >
                  {loading ? <Spinner /> : null}
                  {t('mfa.reload')}
                </button>
                <span className="spacer" />
                <button
                  type="button"
                  className="button primary"
                  onClick={onSetup}
                  disabled={atLimit}
                  data-testid={`mfa-setup-${profileName}`}
                >
                  {t('mfa.setupNew')}
                </button>
              </div>
            </section>

            {authenticator?.enabled ? (
              <section className="message message-warning" data-testid="mfa-builtin-status">
                <p className="message-text">{t('mfa.builtInOn')}</p>
                <p className="message-detail">
                  {authenticator.matchesLoginDevice
                    ? t('mfa.builtInOnBody', {
                        device: shortDevice(authenticator.serialNumber) ?? '',
                      })
                    : t('mfa.builtInStale', {
                        device: shortDevice(authenticator.serialNumber) ?? '',
                        profile: profileName,
                      })}
                </p>
                <div className="button-row">
                  <button
                    type="button"
                    className="button"
                    data-testid="mfa-builtin-off"
                    onClick={() => void turnOffAuthenticator()}
                    disabled={authenticatorBusy}
                  >
                    {authenticatorBusy ? <Spinner /> : null}
                    {t('mfa.builtInOff')}
                  </button>
                </div>
              </section>
            ) : null}

            <section>
              <h2 className="section-title">{t('mfa.assignedTitle', { user: list.userName })}</h2>
              {list.assigned.length === 0 ? (
                <p className="section-body empty-line">{t('mfa.noDevices')}</p>
              ) : (
                <ul className="devices">{list.assigned.map(renderDevice)}</ul>
              )}
            </section>

            <section>
              <h2 className="section-title">{t('mfa.orphansTitle')}</h2>
              <p className="field-help">{t('mfa.orphansHelp')}</p>
              {list.orphans === null ? (
                <p className="section-body empty-line" data-testid="mfa-orphans-unavailable">
                  {t('mfa.orphansUnavailable')}
                </p>
              ) : list.orphans.length === 0 ? (
                <p className="section-body empty-line" data-testid="mfa-no-orphans">
                  {t('mfa.noOrphans')}
                </p>
              ) : (
                <ul className="devices">
                  {list.orphans.map((orphan, index) => {
                    const row = `orphan-${index}`;
                    return (
                      <li
                        key={orphan.serialNumber}
                        className="device"
                        data-testid={`mfa-orphan-row-${index}`}
                        data-serial={orphan.serialNumber}
                      >
                        <div className="device-head">
                          <span className="device-name" title={orphan.serialNumber}>
                            {orphan.deviceName}
                          </span>
                          {orphan.setupInProgress ? (
                            <span className="tag tag-accent">{t('mfa.orphanInProgress')}</span>
                          ) : null}
                          <span className="spacer" />
                          <button
                            type="button"
                            className="button ghost danger-text"
                            data-testid={`mfa-orphan-delete-${index}`}
                            disabled={orphan.setupInProgress}
                            onClick={() => void startRemoval(orphan.serialNumber, row)}
                          >
                            {t('mfa.orphanDelete')}
                          </button>
                        </div>
                        <p className="device-serial">{orphan.serialNumber}</p>
                        {removal?.row === row ? renderRemoval(removal) : null}
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          </>
        )}
      </main>
    </>
  );
}
