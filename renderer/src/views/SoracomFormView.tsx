/**
 * Add or edit a SORACOM account: how it signs in (root user by email, SAM user, or auth key), the
 * write-only password / auth key secret, coverage, token timeout and an optional code command. The secret
 * field is cleared as soon as it was sent: it never stays in the page.
 */
import { useState, type FormEvent } from 'react';
import type {
  ProfileChangeResponse,
  ProfileDto,
  SoracomAddRequest,
  SoracomAuthModeDto,
  SoracomUpdateRequest,
} from '../../../src/shared/ipc-contract';
import { call } from '../api/api';
import { failureOf, type Failure } from '../errors';
import {
  CodeCommandField,
  fieldProblem,
  firstBrokenRule,
  FormFooter,
  TextField,
  useFieldErrors,
} from '../components/form';
import { SoracomMark } from '../components/SoracomMark';
import { Field, useEscape, ViewHeader } from '../components/ui';
import { formatDuration, useI18n } from '../i18n';
import { checkProfileName } from '../../../src/core/rules/profile-rules';
import {
  checkAuthKeyId,
  checkEmail,
  checkOperatorId,
  checkSamUserName,
  DEFAULT_TOKEN_TIMEOUT_SECONDS,
  type CoverageType,
} from '../../../src/core/rules/soracom-rules';

const DEFAULT_TOKEN_TIMEOUT = DEFAULT_TOKEN_TIMEOUT_SECONDS;
/** SORACOM takes 180–172800 s; these are the usual picks. */
const TOKEN_TIMEOUTS = [3600, 14_400, 28_800, 43_200, 86_400, 172_800];
const MODES: readonly SoracomAuthModeDto[] = ['root', 'sam', 'authkey'];

type FieldName = 'name' | 'email' | 'operatorId' | 'userName' | 'authKeyId' | 'secret' | 'code-command';

/** The request's field names (as a broken rule names them) → the form's. */
const REQUEST_FIELDS: Record<string, FieldName> = {
  name: 'name',
  email: 'email',
  operatorId: 'operatorId',
  userName: 'userName',
  authKeyId: 'authKeyId',
  secret: 'secret',
  codeCommand: 'code-command',
};

export interface SoracomFormViewProps {
  /** Undefined: add a new account. */
  profile: ProfileDto | undefined;
  /** Edit mode for an account that vanished meanwhile: its name. */
  missing?: string;
  onSaved: (kind: 'added' | 'saved', response: ProfileChangeResponse) => void;
  onRemoved: (name: string) => void;
  onBack: () => void;
  onSetupMfa?: (name: string) => void;
}

export function SoracomFormView(props: SoracomFormViewProps) {
  const { t } = useI18n();
  useEscape(props.onBack);
  const { profile } = props;
  const title = props.missing
    ? t('soracom.editTitle', { name: props.missing })
    : profile
      ? t('soracom.editTitle', { name: profile.name })
      : t('soracom.addTitle');
  return (
    <>
      <ViewHeader title={title} onBack={props.onBack} aside={<SoracomMark />} />
      <main className="view form-view" data-testid="soracom-form">
        {props.missing ? (
          <div className="message message-warning">
            <p className="message-text">{t('soracom.notFound')}</p>
          </div>
        ) : (
          <SoracomForm {...props} />
        )}
      </main>
    </>
  );
}

function SoracomForm({ profile, onSaved, onRemoved, onSetupMfa }: SoracomFormViewProps) {
  const { t } = useI18n();
  const form = useFieldErrors<FieldName>();
  const f = form.id;
  const editing = profile !== undefined;
  const current = profile?.soracom;
  const [name, setName] = useState('');
  const [mode, setMode] = useState<SoracomAuthModeDto>(current?.authMode ?? 'root');
  const [email, setEmail] = useState('');
  const [operatorId, setOperatorId] = useState('');
  const [userName, setUserName] = useState('');
  const [authKeyId, setAuthKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [coverage, setCoverage] = useState<CoverageType>(current?.coverage ?? 'jp');
  const [timeout, setTimeoutSeconds] = useState(profile?.durationSeconds ?? DEFAULT_TOKEN_TIMEOUT);
  const [codeCommand, setCodeCommand] = useState(profile?.codeCommand ?? '');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const timeouts = TOKEN_TIMEOUTS.includes(timeout)
    ? TOKEN_TIMEOUTS
    : [...TOKEN_TIMEOUTS, timeout].sort((a, b) => a - b);

  const required = (): FieldName | null => {
    if (editing) return null;
    if (!name.trim()) return 'name';
    if (mode === 'root' && !email.trim()) return 'email';
    if (mode === 'sam' && !operatorId.trim()) return 'operatorId';
    if (mode === 'sam' && !userName.trim()) return 'userName';
    if (mode === 'authkey' && !authKeyId.trim()) return 'authKeyId';
    if (!secret) return 'secret';
    return null;
  };

  /** The core's rules for the sign-in fields of the chosen mode, checked here first. */
  const signInChecks = (): [FieldName, () => unknown][] => {
    const checks: [FieldName, () => unknown][] = [['name', () => checkProfileName(name.trim())]];
    if (mode === 'root') checks.push(['email', () => checkEmail(email)]);
    if (mode === 'sam') {
      checks.push(['operatorId', () => checkOperatorId(operatorId)]);
      checks.push(['userName', () => checkSamUserName(userName)]);
    }
    if (mode === 'authkey') checks.push(['authKeyId', () => checkAuthKeyId(authKeyId)]);
    return checks;
  };

  const save = async () => {
    setFailure(null);
    form.clear();
    const missing = required();
    if (missing) {
      form.show(missing, t(missing === 'secret' ? 'soracom.secretRequired' : 'form.required'));
      return;
    }
    const broken = editing ? null : firstBrokenRule(t, signInChecks());
    if (broken) {
      form.show(broken.field, broken.text);
      return;
    }
    setSaving(true);
    let result;
    if (!editing) {
      const request: SoracomAddRequest = {
        name: name.trim(),
        secret,
        coverage,
        tokenTimeoutSeconds: timeout,
      };
      if (mode === 'root') request.email = email.trim();
      if (mode === 'sam') {
        request.operatorId = operatorId.trim();
        request.userName = userName.trim();
      }
      if (mode === 'authkey') request.authKeyId = authKeyId.trim();
      if (codeCommand.trim()) request.codeCommand = codeCommand.trim();
      result = await call('soracom:add', request);
    } else {
      const request: SoracomUpdateRequest = { name: profile.name };
      if (secret) request.secret = secret;
      if (coverage !== current?.coverage) request.coverage = coverage;
      if (timeout !== profile.durationSeconds) request.tokenTimeoutSeconds = timeout;
      if (codeCommand.trim() !== (profile.codeCommand ?? ''))
        request.codeCommand = codeCommand.trim() || null;
      result = await call('soracom:update', request);
    }
    // Sent: the secret leaves the page whatever the answer (a retry means typing it again).
    setSecret('');
    setSaving(false);
    if (result.ok) {
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

  const text = (field: FieldName, label: string, value: string, set: (v: string) => void, type?: 'email') => (
    <TextField
      form={form}
      field={field}
      label={label}
      testId={`soracom-${field}`}
      type={type}
      value={value}
      onChange={set}
    />
  );

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {editing ? null : (
        <TextField
          form={form}
          field="name"
          label={t('soracom.name')}
          help={t('soracom.nameHelp')}
          testId="soracom-name"
          value={name}
          onChange={setName}
          autoFocus
        />
      )}
      <fieldset className="field radios" disabled={editing}>
        <legend className="field-label">{t('soracom.authMode')}</legend>
        {MODES.map((m) => (
          <label className="radio" key={m}>
            <input
              type="radio"
              name={f('mode')}
              value={m}
              data-testid={`soracom-mode-${m}`}
              checked={mode === m}
              onChange={() => setMode(m)}
            />
            <span className="radio-title">{t(`soracom.mode.${m}`)}</span>
          </label>
        ))}
      </fieldset>
      {editing ? (
        <p className="field-help" data-testid="soracom-identity">
          {current?.email ?? [current?.operatorId, current?.userName].filter(Boolean).join(' / ')}
          {profile.accessKeyIdSuffix ? `…${profile.accessKeyIdSuffix}` : null}
        </p>
      ) : mode === 'root' ? (
        text('email', t('soracom.email'), email, setEmail, 'email')
      ) : mode === 'sam' ? (
        <div className="field-pair">
          {text('operatorId', t('soracom.operatorId'), operatorId, setOperatorId)}
          {text('userName', t('soracom.userName'), userName, setUserName)}
        </div>
      ) : (
        text('authKeyId', t('soracom.authKeyId'), authKeyId, setAuthKeyId)
      )}
      <TextField
        form={form}
        field="secret"
        label={t(mode === 'authkey' ? 'soracom.authKey' : 'soracom.password')}
        help={editing ? t('soracom.secretKeep') : t('soracom.secretHelp')}
        testId="soracom-secret"
        type="password"
        value={secret}
        onChange={setSecret}
      />
      <div className="field-pair">
        <Field label={t('soracom.coverage')} htmlFor={f('coverage')}>
          <select
            id={f('coverage')}
            data-testid="soracom-coverage"
            className="input"
            value={coverage}
            onChange={(e) => setCoverage(e.target.value === 'g' ? 'g' : 'jp')}
          >
            <option value="jp">{t('soracom.coverage.jp')}</option>
            <option value="g">{t('soracom.coverage.g')}</option>
          </select>
        </Field>
        <Field label={t('soracom.tokenTimeout')} htmlFor={f('timeout')}>
          <select
            id={f('timeout')}
            data-testid="soracom-timeout"
            className="input"
            value={timeout}
            onChange={(e) => setTimeoutSeconds(Number(e.target.value))}
          >
            {timeouts.map((seconds) => (
              <option key={seconds} value={seconds}>
                {formatDuration(t, seconds)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {mode === 'authkey' ? null : (
        <CodeCommandField
          form={form}
          label={t('soracom.codeCommand')}
          help={t('soracom.codeCommandHelp')}
          testId="soracom-code-command"
          value={codeCommand}
          onChange={setCodeCommand}
        />
      )}
      {editing && mode !== 'authkey' && onSetupMfa ? (
        <div className="button-row">
          <button
            type="button"
            className="button"
            data-testid="soracom-setup-mfa"
            onClick={() => onSetupMfa(profile.name)}
          >
            {t('soracom.setupMfa')}
          </button>
        </div>
      ) : null}

      <FormFooter
        failure={failure}
        onFailure={setFailure}
        removal={
          profile
            ? {
                name: profile.name,
                title: t('soracom.removeTitle', { name: profile.name }),
                body: <p>{t('soracom.removeBody', { target: profile.target })}</p>,
                removeLabel: t('soracom.remove'),
                confirmLabel: t('soracom.removeConfirm'),
                busyLabel: t('soracom.removing'),
                onRemoved,
              }
            : undefined
        }
        save={{
          label: t(editing ? 'soracom.save' : 'soracom.add'),
          busyLabel: t('soracom.saving'),
          busy: saving,
          testId: 'soracom-save',
        }}
      />
    </form>
  );
}
