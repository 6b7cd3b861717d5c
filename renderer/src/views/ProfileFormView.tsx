import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
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
import { ConfirmAction } from '../components/ConfirmAction';
import { ErrorMessage, Field, useEscape, ViewHeader } from '../components/ui';
import { shortDevice } from './StatusView';
import { formatDuration, noteText, useI18n, type MessageKey } from '../i18n';
import type { Note } from '../../../src/shared/notes';

const DEFAULT_DURATION = 43200;
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

/** Commands, shown as they are typed in every language. */
const CODE_COMMAND_EXAMPLES = ['op item get "AWS" --otp', 'ykman oath accounts code --single NAME'];

/** Fields that show their own error under them. */
type FormField = 'name' | 'akid' | 'secret' | 'code-command';

/** The core's rules for a code command, worded here (its own sentences are English). */
const CODE_COMMAND_RULES: Record<string, MessageKey> = {
  'code-command-no-shell': 'form.codeCommandNoShell',
  'code-command-too-long': 'form.codeCommandTooLong',
  'code-command-empty': 'form.codeCommandEmpty',
};

export type SavedKind = 'added' | 'saved' | 'imported';

export interface ProfileFormViewProps {
  /** Undefined: add a new profile. */
  profile: ProfileDto | undefined;
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

function ProfileForm({ profile, onSaved, onRemoved, onSetupMfa, onMfaDevices }: ProfileFormViewProps) {
  const { t } = useI18n();
  const id = useId();
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
  const [invalid, setInvalid] = useState<{ field: FormField; text: string } | null>(null);

  const [detecting, setDetecting] = useState(false);
  const [detect, setDetect] = useState<{
    notes: Note[];
    error?: Failure;
    message?: MessageKey;
    /** The device found, by name (the field holds its ARN). */
    found?: string;
  } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);

  const removeButton = useRef<HTMLButtonElement>(null);
  const closeConfirm = () => {
    setConfirming(false);
    // Back to the button that opened the confirmation, for keyboard users.
    requestAnimationFrame(() => removeButton.current?.focus());
  };

  const f = (suffix: string) => `${id}-${suffix}`;
  /** Typing in a field takes its error away: the message was about what was there before. */
  const edited = (field: FormField) => {
    setInvalid((current) => (current?.field === field ? null : current));
  };
  const errorFor = (field: FormField) => (invalid?.field === field ? invalid.text : null);
  const describedBy = (field: string, hasHelp: boolean) =>
    [invalid?.field === field ? `${f(field)}-error` : '', hasHelp ? `${f(field)}-help` : '']
      .filter(Boolean)
      .join(' ') || undefined;

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

  const save = async () => {
    setInvalid(null);
    setFailure(null);
    let result;
    if (!editing) {
      const missing = !trimmedName ? 'name' : !accessKeyId.trim() ? 'akid' : !secret ? 'secret' : null;
      if (missing) {
        setInvalid({ field: missing, text: t('form.required') });
        document.getElementById(f(missing))?.focus();
        return;
      }
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
        setInvalid({ field: 'secret', text: t('form.secretNeeded') });
        document.getElementById(f('secret'))?.focus();
        return;
      }
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
    } else if (result.error.kind === 'invalid-input' && result.error.field === 'codeCommand') {
      // Next to the field it is about, in the popup's language.
      const key = CODE_COMMAND_RULES[result.error.rule ?? ''];
      setInvalid({ field: 'code-command', text: t(key ?? 'error.invalid-input') });
      document.getElementById(f('code-command'))?.focus();
    } else {
      setFailure(failureOf(result.error));
    }
  };

  const remove = async () => {
    if (!profile) return;
    setRemoving(true);
    const result = await call('profiles:remove', profile.name);
    setRemoving(false);
    if (result.ok) onRemoved(profile.name);
    else {
      setConfirming(false);
      setFailure(failureOf(result.error));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {editing ? null : <h2 className="section-title">{t('import.manual')}</h2>}
      {editing ? null : (
        <Field label={t('form.name')} htmlFor={f('name')} help={t('form.nameHelp')} error={errorFor('name')}>
          <input
            id={f('name')}
            aria-invalid={invalid?.field === 'name'}
            aria-describedby={describedBy('name', true)}
            data-testid="field-name"
            className="input"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              edited('name');
            }}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            required
          />
        </Field>
      )}
      <Field
        label={t('form.accessKeyId')}
        htmlFor={f('akid')}
        error={errorFor('akid')}
        help={
          editing && profile.accessKeyIdSuffix
            ? t('form.accessKeyIdKeep', { suffix: profile.accessKeyIdSuffix })
            : undefined
        }
      >
        <input
          id={f('akid')}
          aria-invalid={invalid?.field === 'akid'}
          aria-describedby={describedBy('akid', editing && Boolean(profile.accessKeyIdSuffix))}
          data-testid="field-access-key-id"
          className="input mono"
          value={accessKeyId}
          onChange={(e) => {
            setAccessKeyId(e.target.value);
            edited('akid');
          }}
          placeholder={editing && profile.accessKeyIdSuffix ? `…${profile.accessKeyIdSuffix}` : undefined}
          autoComplete="off"
          spellCheck={false}
          autoFocus={editing}
        />
      </Field>
      <Field
        label={t('form.secret')}
        htmlFor={f('secret')}
        error={errorFor('secret')}
        help={editing ? t('form.secretKeep') : t('form.secretHelp')}
      >
        <input
          id={f('secret')}
          aria-invalid={invalid?.field === 'secret'}
          aria-describedby={describedBy('secret', true)}
          data-testid="field-secret"
          className="input mono"
          type="password"
          value={secret}
          onChange={(e) => {
            setSecret(e.target.value);
            edited('secret');
          }}
          autoComplete="new-password"
          spellCheck={false}
        />
      </Field>
      <Field
        label={t('form.mfaSerial')}
        htmlFor={f('serial')}
        help={editing ? undefined : t('form.mfaSerialHelp')}
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
          value={mfaSerial}
          onChange={(e) => setMfaSerial(e.target.value)}
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
        <Field label={t('form.region')} htmlFor={f('region')}>
          <input
            id={f('region')}
            data-testid="field-region"
            className="input mono"
            list={f('regions')}
            value={region}
            onChange={(e) => setRegion(e.target.value)}
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
      <Field
        label={t('form.target')}
        htmlFor={f('target')}
        help={
          target.trim() || targetPlaceholder
            ? t('form.targetHelp', { target: target.trim() || targetPlaceholder })
            : undefined
        }
      >
        <input
          id={f('target')}
          data-testid="field-target"
          className="input mono"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          placeholder={targetPlaceholder}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <Field
        label={t('form.codeCommand')}
        htmlFor={f('code-command')}
        error={errorFor('code-command')}
        help={
          <>
            {t('form.codeCommandHelp')}
            {CODE_COMMAND_EXAMPLES.map((example) => (
              <code className="example" key={example}>
                {example}
              </code>
            ))}
          </>
        }
      >
        <input
          id={f('code-command')}
          data-testid="field-code-command"
          className="input mono"
          value={codeCommand}
          onChange={(e) => {
            setCodeCommand(e.target.value);
            edited('code-command');
          }}
          aria-invalid={invalid?.field === 'code-command'}
          aria-describedby={describedBy('code-command', true)}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
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

      <div className="form-footer">
        {failure ? <ErrorMessage error={failure.error} receivedAt={failure.at} testId="form-error" /> : null}
        {confirming && profile ? (
          <ConfirmAction
            title={t('form.removeTitle', { name: profile.name })}
            confirmLabel={t('form.removeConfirm')}
            busyLabel={t('form.removing')}
            busy={removing}
            onConfirm={() => void remove()}
            onCancel={closeConfirm}
            testId="remove-confirm"
            confirmTestId="confirm-remove"
          >
            <p>{t('form.removeBody', { target: profile.target })}</p>
          </ConfirmAction>
        ) : (
          <div className="button-row">
            {editing ? (
              <button
                ref={removeButton}
                type="button"
                className="button ghost danger-text"
                data-testid="remove-profile"
                onClick={() => setConfirming(true)}
              >
                {t('form.remove')}
              </button>
            ) : null}
            <span className="spacer" />
            <button type="submit" className="button primary" data-testid="save-profile" disabled={saving}>
              {saving ? <Spinner /> : null}
              {t(saving ? 'form.saving' : editing ? 'form.save' : 'form.add')}
            </button>
          </div>
        )}
      </div>
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
