/** The first step of the MFA setup: the new device's name (a free default), then mfa:create. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  isDeviceName,
  MAX_DEVICE_NAME_LENGTH,
  MFA_DEVICE_LIMIT,
} from '../../../../src/core/rules/mfa-device-rules';
import type { MfaDeviceListDto, MfaSetupDto } from '../../../../src/shared/ipc-contract';
import { call } from '../../api/api';
import { failureOf, type Failure } from '../../errors';
import { Spinner } from '../../components/icons';
import { ErrorMessage, Field } from '../../components/ui';
import { useI18n } from '../../i18n';

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

export function MfaNameStep({
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
