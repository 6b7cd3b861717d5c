/**
 * The AWS profile form: name, keys, MFA device (with Detect), region, session length, where sessions go (the
 * credentials file or credential_process) and an optional code command; the core's rules checked under each
 * field before it is sent; on edit, Remove (with the roles assumed from it).
 */
import { useState, type FormEvent } from 'react';
import type { AddProfileRequest, Delivery, UpdateProfileRequest } from '../../../../src/shared/ipc-contract';
import { call } from '../../api/api';
import { failureOf, type Failure } from '../../errors';
import {
  CODE_COMMAND_EXAMPLES,
  CodeCommandField,
  fieldProblem,
  firstBrokenRule,
  FormFooter,
  TextField,
  useFieldErrors,
} from '../../components/form';
import { Field } from '../../components/ui';
import { formatDuration, useI18n } from '../../i18n';
import {
  checkAccessKeyId,
  checkMfaSerial,
  checkProfileName,
  checkRegion,
  checkSecretAccessKey,
} from '../../../../src/core/rules/profile-rules';
import { MfaSerialField } from './MfaSerialField';
import type { ProfileFormViewProps } from './ProfileFormView';
import {
  DEFAULT_DURATION,
  DEFAULT_REGION,
  DURATIONS,
  REGIONS,
  REQUEST_FIELDS,
  type FormField,
} from './profile-form-fields';

export function ProfileForm({
  profile,
  roles: knownRoles = [],
  onSaved,
  onRemoved,
  onSetupMfa,
  onMfaDevices,
}: ProfileFormViewProps) {
  const { t } = useI18n();
  const form = useFieldErrors<FormField>();
  const f = form.id;
  const editing = profile !== undefined;
  const [name, setName] = useState('');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [mfaSerial, setMfaSerial] = useState(profile?.mfaSerial ?? '');
  const [region, setRegion] = useState(profile?.region ?? '');
  const [duration, setDuration] = useState(profile?.durationSeconds ?? DEFAULT_DURATION);
  const [target, setTarget] = useState(profile?.target ?? '');
  const [delivery, setDelivery] = useState<Delivery>(profile?.delivery ?? 'file');
  const [codeCommand, setCodeCommand] = useState(profile?.codeCommand ?? '');

  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  /** Roles a refused removal named that the list did not show yet: the next confirmation lists them too. */
  const [refusedRoles, setRefusedRoles] = useState<readonly string[]>([]);
  const roles = [...new Set([...knownRoles, ...refusedRoles])];

  const durations = DURATIONS.includes(duration) ? DURATIONS : [...DURATIONS, duration].sort((a, b) => a - b);
  const trimmedName = name.trim();
  const targetPlaceholder = editing ? profile.target : trimmedName ? `${trimmedName}-mfa` : '';

  /** The core's rules for what was entered, checked here first: the error goes under its field. */
  const checkRules = (): boolean => {
    const checks: [FormField, () => unknown][] = [];
    if (!editing) checks.push(['name', () => checkProfileName(trimmedName)]);
    if (accessKeyId.trim()) checks.push(['akid', () => checkAccessKeyId(accessKeyId)]);
    if (secret) checks.push(['secret', () => checkSecretAccessKey(secret)]);
    if (mfaSerial.trim()) checks.push(['serial', () => checkMfaSerial(mfaSerial)]);
    if (region.trim()) checks.push(['region', () => checkRegion(region)]);
    if (target.trim()) checks.push(['target', () => checkProfileName(target.trim(), { field: 'target' })]);
    const broken = firstBrokenRule(t, checks);
    if (broken) form.show(broken.field, broken.text);
    return broken === null;
  };

  const save = async () => {
    form.clear();
    setFailure(null);
    let result;
    if (!editing) {
      const missing = !trimmedName ? 'name' : !accessKeyId.trim() ? 'akid' : !secret ? 'secret' : null;
      if (missing) {
        form.show(missing, t('form.required'));
        return;
      }
      if (!checkRules()) return;
      const request: AddProfileRequest = {
        name: trimmedName,
        accessKeyId: accessKeyId.trim(),
        secretAccessKey: secret,
        durationSeconds: duration,
        delivery,
      };
      if (mfaSerial.trim()) request.mfaSerial = mfaSerial.trim();
      if (region.trim()) request.region = region.trim();
      if (target.trim()) request.target = target.trim();
      if (codeCommand.trim()) request.codeCommand = codeCommand.trim();
      setSaving(true);
      result = await call('profiles:add', request);
    } else {
      if (accessKeyId.trim() && !secret) {
        form.show('secret', t('form.secretNeeded'));
        return;
      }
      if (!checkRules()) return;
      const request: UpdateProfileRequest = { name: profile.name };
      if (accessKeyId.trim()) request.accessKeyId = accessKeyId.trim();
      if (secret) request.secretAccessKey = secret;
      if (mfaSerial.trim() !== (profile.mfaSerial ?? '')) request.mfaSerial = mfaSerial.trim() || null;
      if (region.trim() && region.trim() !== profile.region) request.region = region.trim();
      if (duration !== profile.durationSeconds) request.durationSeconds = duration;
      if (target.trim() && target.trim() !== profile.target) request.target = target.trim();
      if (delivery !== profile.delivery) request.delivery = delivery;
      if (codeCommand.trim() !== (profile.codeCommand ?? ''))
        request.codeCommand = codeCommand.trim() || null;
      setSaving(true);
      result = await call('profiles:update', request);
    }
    setSaving(false);
    if (result.ok) {
      setSecret('');
      onSaved(editing ? 'saved' : 'added', result.value);
      return;
    }
    // A broken rule goes next to the field it is about, in the popup's language.
    const problem = fieldProblem(t, result.error, REQUEST_FIELDS);
    if (problem) form.show(problem.field, problem.text);
    else setFailure(failureOf(result.error));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {editing ? null : <h2 className="section-title">{t('import.manual')}</h2>}
      {editing ? null : (
        <TextField
          form={form}
          field="name"
          label={t('form.name')}
          help={t('form.nameHelp')}
          testId="field-name"
          value={name}
          onChange={setName}
          autoFocus
          required
        />
      )}
      <TextField
        form={form}
        field="akid"
        label={t('form.accessKeyId')}
        help={
          editing && profile.accessKeyIdSuffix
            ? t('form.accessKeyIdKeep', { suffix: profile.accessKeyIdSuffix })
            : undefined
        }
        testId="field-access-key-id"
        mono
        value={accessKeyId}
        onChange={setAccessKeyId}
        placeholder={editing && profile.accessKeyIdSuffix ? `…${profile.accessKeyIdSuffix}` : undefined}
        autoFocus={editing}
      />
      <TextField
        form={form}
        field="secret"
        label={t('form.secret')}
        help={editing ? t('form.secretKeep') : t('form.secretHelp')}
        testId="field-secret"
        type="password"
        value={secret}
        onChange={setSecret}
      />
      <MfaSerialField
        form={form}
        editingName={profile?.name}
        accessKeyId={accessKeyId}
        secret={secret}
        region={region}
        mfaSerial={mfaSerial}
        setMfaSerial={setMfaSerial}
      />

      {editing && (onSetupMfa || onMfaDevices) ? (
        <div className="button-row mfa-links">
          {onMfaDevices ? (
            <button
              type="button"
              className="button ghost link"
              data-testid="form-mfa-devices"
              onClick={() => onMfaDevices(profile.name)}
            >
              {t('form.mfaManage')}
            </button>
          ) : null}
          <span className="spacer" />
          {onSetupMfa ? (
            <button
              type="button"
              className="button"
              data-testid="form-mfa-setup"
              onClick={() => onSetupMfa(profile.name)}
            >
              {t('form.mfaSetup')}
            </button>
          ) : null}
        </div>
      ) : null}

      <h2 className="section-title">{t('form.sessionSection')}</h2>
      <div className="field-pair">
        <Field label={t('form.region')} htmlFor={f('region')} error={form.errorFor('region')}>
          <input
            id={f('region')}
            data-testid="field-region"
            className="input mono"
            list={f('regions')}
            aria-invalid={form.isInvalid('region')}
            aria-describedby={form.describedBy('region', false)}
            value={region}
            onChange={(e) => {
              setRegion(e.target.value);
              form.edited('region');
            }}
            placeholder={DEFAULT_REGION}
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id={f('regions')}>
            {REGIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </Field>
        <Field label={t('form.duration')} htmlFor={f('duration')}>
          <select
            id={f('duration')}
            data-testid="field-duration"
            className="input"
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
            aria-describedby={f('duration-help')}
          >
            {durations.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === DEFAULT_DURATION
                  ? t('form.durationDefault', { duration: formatDuration(t, seconds) })
                  : formatDuration(t, seconds)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="field-help field-help-loose" id={f('duration-help')}>
        {t('form.durationHelp')}
      </p>
      <TextField
        form={form}
        field="target"
        label={t('form.target')}
        help={
          target.trim() || targetPlaceholder
            ? t('form.targetHelp', { target: target.trim() || targetPlaceholder })
            : undefined
        }
        testId="field-target"
        mono
        value={target}
        onChange={setTarget}
        placeholder={targetPlaceholder}
      />
      <CodeCommandField
        form={form}
        label={t('form.codeCommand')}
        help={t('form.codeCommandHelp')}
        examples={CODE_COMMAND_EXAMPLES}
        testId="field-code-command"
        value={codeCommand}
        onChange={setCodeCommand}
      />
      <fieldset className="field radios">
        <legend className="field-label">{t('form.delivery')}</legend>
        <label className="radio">
          <input
            type="radio"
            name={f('delivery')}
            value="file"
            data-testid="delivery-file"
            checked={delivery === 'file'}
            onChange={() => setDelivery('file')}
          />
          <span>
            <span className="radio-title">{t('form.deliveryFile')}</span>
            <span className="radio-help">{t('form.deliveryFileHelp')}</span>
          </span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name={f('delivery')}
            value="process"
            data-testid="delivery-process"
            checked={delivery === 'process'}
            onChange={() => setDelivery('process')}
          />
          <span>
            <span className="radio-title mono">{t('form.deliveryProcess')}</span>
            <span className="radio-help">{t('form.deliveryProcessHelp')}</span>
          </span>
        </label>
      </fieldset>

      <FormFooter
        failure={failure}
        onFailure={(next) => {
          if (next.error.kind === 'source-has-roles') setRefusedRoles(next.error.roles ?? []);
          setFailure(next);
        }}
        removal={
          profile
            ? {
                name: profile.name,
                title: t('form.removeTitle', { name: profile.name }),
                body: (
                  <>
                    <p>{t('form.removeBody', { target: profile.target })}</p>
                    {roles.length > 0 ? (
                      <p data-testid="remove-roles">{t('form.removeRoles', { roles: roles.join(', ') })}</p>
                    ) : null}
                  </>
                ),
                removeLabel: t('form.remove'),
                confirmLabel: t(roles.length > 0 ? 'form.removeConfirmWithRoles' : 'form.removeConfirm'),
                busyLabel: t('form.removing'),
                withRoles: roles.length > 0,
                onRemoved,
              }
            : undefined
        }
        save={{
          label: t(editing ? 'form.save' : 'form.add'),
          busyLabel: t('form.saving'),
          busy: saving,
          testId: 'save-profile',
        }}
      />
    </form>
  );
}
