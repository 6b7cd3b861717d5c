import { useEffect, useState, type FormEvent } from 'react';
import type {
  AddProfileRequest,
  Delivery,
  DetectSerialRequest,
  ImportCandidateDto,
  ProfileChangeResponse,
  ProfileDto,
  UpdateProfileRequest,
} from '../../../src/shared/ipc-contract';
import { call } from '../api/api';
import { failureOf, type Failure } from '../errors';
import { Spinner } from '../components/icons';
import {
  CODE_COMMAND_EXAMPLES,
  CodeCommandField,
  fieldProblem,
  firstBrokenRule,
  FormFooter,
  TextField,
  useFieldErrors,
} from '../components/form';
import { ErrorMessage, Field, useEscape, ViewHeader } from '../components/ui';
import { shortDevice } from './StatusView';
import { formatDuration, noteText, useI18n, type MessageKey } from '../i18n';
import type { Note } from '../../../src/shared/notes';
import {
  checkAccessKeyId,
  checkMfaSerial,
  checkProfileName,
  checkRegion,
  checkSecretAccessKey,
  DEFAULT_DURATION_SECONDS,
} from '../../../src/core/rules/profile-rules';

const DEFAULT_DURATION = DEFAULT_DURATION_SECONDS;
const DURATIONS = [3600, 14400, 28800, 43200, 86400, 129600];
const DEFAULT_REGION = 'us-east-1';
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'ap-east-1',
  'me-central-1',
  'af-south-1',
];

/** Fields that show their own error under them. */
type FormField = 'name' | 'akid' | 'secret' | 'serial' | 'region' | 'target' | 'code-command';

/** The request's field names (as a broken rule names them) → the form's. */
const REQUEST_FIELDS: Record<string, FormField> = {
  name: 'name',
  accessKeyId: 'akid',
  secretAccessKey: 'secret',
  mfaSerial: 'serial',
  region: 'region',
  target: 'target',
  codeCommand: 'code-command',
};

export type SavedKind = 'added' | 'saved' | 'imported';

export interface ProfileFormViewProps {
  /** Undefined: add a new profile. */
  profile: ProfileDto | undefined;
  /** Edit mode: the roles assumed from this profile (removing it removes them too). */
  roles?: readonly string[];
  /** Edit mode for a profile that vanished meanwhile: its name. */
  missing?: string;
  onSaved: (kind: SavedKind, response: ProfileChangeResponse, awsProfile?: string) => void;
  onRemoved: (name: string) => void;
  onBack: () => void;
  /** Edit mode: open the MFA device setup / list for this profile. */
  onSetupMfa?: (name: string) => void;
  onMfaDevices?: (name: string) => void;
}

export function ProfileFormView(props: ProfileFormViewProps) {
  const { t } = useI18n();
  useEscape(props.onBack);
  const { profile } = props;
  if (props.missing) {
    return (
      <>
        <ViewHeader title={t('form.editTitle', { name: props.missing })} onBack={props.onBack} />
        <main className="view">
          <div className="message message-warning">
            <p className="message-text">{t('form.notFound')}</p>
          </div>
        </main>
      </>
    );
  }
  return (
    <>
      <ViewHeader
        title={profile ? t('form.editTitle', { name: profile.name }) : t('form.addTitle')}
        onBack={props.onBack}
      />
      <main className="view form-view">
        {profile ? null : <ImportSection onImported={(r, aws) => props.onSaved('imported', r, aws)} />}
        <ProfileForm {...props} />
      </main>
    </>
  );
}

function ProfileForm({
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

  const [detecting, setDetecting] = useState(false);
  const [detect, setDetect] = useState<{
    notes: Note[];
    error?: Failure;
    message?: MessageKey;
    /** The device found, by name (the field holds its ARN). */
    found?: string;
  } | null>(null);

  const durations = DURATIONS.includes(duration) ? DURATIONS : [...DURATIONS, duration].sort((a, b) => a - b);
  const trimmedName = name.trim();
  const targetPlaceholder = editing ? profile.target : trimmedName ? `${trimmedName}-mfa` : '';

  const runDetect = async () => {
    const request: DetectSerialRequest = {};
    if (accessKeyId.trim() && secret) {
      request.accessKeyId = accessKeyId.trim();
      request.secretAccessKey = secret;
    } else if (editing && !accessKeyId.trim()) {
      request.name = profile.name;
    } else {
      setDetect({ notes: [], message: 'form.detectNeedsKeys' });
      return;
    }
    if (region.trim()) request.region = region.trim();
    setDetecting(true);
    setDetect(null);
    const result = await call('profiles:detect-serial', request);
    setDetecting(false);
    if (!result.ok) {
      setDetect({ notes: [], error: failureOf(result.error) });
    } else if (result.value.serial) {
      setMfaSerial(result.value.serial);
      setDetect({
        notes: result.value.notes,
        found: shortDevice(result.value.serial) ?? result.value.serial,
      });
    } else {
      setDetect({ notes: result.value.notes, message: 'form.detectNone' });
    }
  };

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
      <Field
        label={t('form.mfaSerial')}
        htmlFor={f('serial')}
        help={editing ? undefined : t('form.mfaSerialHelp')}
        error={form.errorFor('serial')}
        action={
          <button
            type="button"
            className="button"
            data-testid="detect-serial"
            onClick={() => void runDetect()}
            disabled={detecting}
          >
            {detecting ? <Spinner /> : null}
            {t(detecting ? 'form.detecting' : 'form.detect')}
          </button>
        }
      >
        <input
          id={f('serial')}
          data-testid="field-mfa-serial"
          className="input mono"
          aria-invalid={form.isInvalid('serial')}
          aria-describedby={form.describedBy('serial', !editing)}
          value={mfaSerial}
          onChange={(e) => {
            setMfaSerial(e.target.value);
            form.edited('serial');
          }}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      {detect ? (
        <div className="detect-result" data-testid="detect-result">
          {detect.found ? (
            <p className="detect-found" data-testid="detect-found" title={mfaSerial}>
              {t('form.detectFound', { device: detect.found })}
            </p>
          ) : null}
          {detect.error ? <ErrorMessage error={detect.error.error} receivedAt={detect.error.at} /> : null}
          {detect.message ? (
            <div className="message message-warning">
              <p className="message-text">{t(detect.message)}</p>
            </div>
          ) : null}
          {detect.notes.length > 0 ? (
            <div className="message message-info">
              {detect.notes.map((note, i) => (
                <p className="message-detail" key={i}>
                  {noteText(t, note)}
                </p>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}

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

function ImportSection({
  onImported,
}: {
  onImported: (response: ProfileChangeResponse, awsProfile: string) => void;
}) {
  const { t } = useI18n();
  const [candidates, setCandidates] = useState<ImportCandidateDto[]>([]);
  const [scrub, setScrub] = useState(false);
  const [importing, setImporting] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let live = true;
    void call('profiles:import-candidates').then((result) => {
      if (live && result.ok) setCandidates(result.value);
    });
    return () => {
      live = false;
    };
  }, []);

  const runImport = async (awsProfile: string) => {
    setImporting(awsProfile);
    setFailure(null);
    const result = await call('profiles:import', { awsProfile, scrub });
    setImporting(null);
    if (result.ok) onImported(result.value, awsProfile);
    else setFailure(failureOf(result.error));
  };

  if (candidates.length === 0) return null;
  return (
    <section className="import" aria-labelledby="import-title" data-testid="import-section">
      <h2 className="section-title" id="import-title">
        {t('import.title')}
      </h2>
      <p className="section-body">{t('import.body')}</p>
      <ul className="import-list">
        {candidates.map((c) => (
          <li key={c.awsProfile} className="import-item">
            <span className="import-name">
              <code className="truncate">{c.awsProfile}</code>
              <span className="muted nowrap">{t('import.key', { suffix: c.accessKeyIdSuffix })}</span>
            </span>
            <button
              type="button"
              className="button"
              data-testid={`import-${c.awsProfile}`}
              onClick={() => void runImport(c.awsProfile)}
              disabled={importing !== null}
            >
              {importing === c.awsProfile ? <Spinner /> : null}
              {t(importing === c.awsProfile ? 'import.importing' : 'import.button')}
            </button>
          </li>
        ))}
      </ul>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="import-scrub"
          checked={scrub}
          onChange={(e) => setScrub(e.target.checked)}
        />
        <span>{t('import.scrub')}</span>
      </label>
      {failure ? <ErrorMessage error={failure.error} receivedAt={failure.at} testId="import-error" /> : null}
    </section>
  );
}
