/**
 * "Rotate now": the form (AWS profile, IAM user, SORACOM account, group prefix, and a code when the AWS
 * profile has no session), its fields checked with the core's rules, the dry-run plan first, then the run.
 */
import { useRef, useState, type FormEvent } from 'react';
import { checkProfileName } from '../../../../src/core/rules/profile-rules';
import { checkFunnelPrefix, checkIamUserName } from '../../../../src/core/rules/rotation-rules';
import type {
  ErrorDto,
  FunnelPlanDto,
  FunnelRotateRequest,
  ProfileDto,
} from '../../../../src/shared/ipc-contract';
import { call } from '../../api/api';
import { CodeInput } from '../../components/CodeInput';
import { fieldProblem, firstBrokenRule, useFieldErrors } from '../../components/form';
import { Spinner } from '../../components/icons';
import { ErrorMessage, Field } from '../../components/ui';
import { failureOf, type Failure } from '../../errors';
import { useI18n } from '../../i18n';
import { FunnelCodeAsk } from './FunnelCodeAsk';
import { FunnelPlanView } from './FunnelPlanView';
import { funnelFailure, rotateReport, type CodeAsk, type Report, type RunAs } from './funnel-reports';

type FunnelField = 'aws' | 'user' | 'soracom' | 'prefix' | 'code';

/** The request's field names → the form's (an `invalid-input` answer names the request's). */
const REQUEST_FIELDS: Partial<Record<string, FunnelField>> = {
  awsProfile: 'aws',
  iamUser: 'user',
  soracomProfile: 'soracom',
  prefix: 'prefix',
  code: 'code',
};

/** The core's checks of the Funnel form (src/core/rules), in the order of the fields. */
export function funnelChecks(request: FunnelRotateRequest): (readonly [FunnelField, () => unknown])[] {
  return [
    ['aws', () => checkProfileName(request.awsProfile, { field: 'awsProfile' })],
    ['user', () => checkIamUserName(request.iamUser)],
    ['soracom', () => checkProfileName(request.soracomProfile, { field: 'soracomProfile' })],
    ['prefix', () => checkFunnelPrefix(request.prefix, { quote: false })],
  ];
}

export function FunnelRotateForm({
  profiles,
  onDone,
}: {
  profiles: ProfileDto[];
  onDone: (result: Awaited<ReturnType<typeof call<'funnel:rotate'>>>, as: RunAs) => void;
}) {
  const { t, locale } = useI18n();
  const form = useFieldErrors<FunnelField>();
  const awsProfiles = profiles.filter((p) => p.kind === 'aws');
  const soracomProfiles = profiles.filter((p) => p.kind === 'soracom');
  const [awsProfile, setAwsProfile] = useState(awsProfiles[0]?.name ?? '');
  const [iamUser, setIamUser] = useState('');
  const [soracomProfile, setSoracomProfile] = useState(soracomProfiles[0]?.name ?? '');
  const [prefix, setPrefix] = useState('');
  const [code, setCode] = useState('');
  const [plan, setPlan] = useState<FunnelPlanDto | null>(null);
  const [planFor, setPlanFor] = useState<string>('');
  const [busy, setBusy] = useState<'plan' | 'run' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [note, setNote] = useState<Report | null>(null);
  const [missing, setMissing] = useState(false);
  const [ask, setAsk] = useState<CodeAsk | null>(null);
  const busyRef = useRef(false);

  const aws = awsProfiles.find((p) => p.name === awsProfile);
  const loggedIn = aws?.state === 'valid' || aws?.state === 'expiring';
  const needsCode = !!aws && !loggedIn && !aws.builtInAuthenticator && aws.mfaSerial !== null;
  const request: FunnelRotateRequest = {
    awsProfile,
    iamUser: iamUser.trim(),
    soracomProfile,
    prefix: prefix.trim(),
  };
  const key = JSON.stringify(request);
  const as: RunAs = { awsProfile, soracomProfile };

  /**
   * A failed answer of plan or run: a broken field under its field, a code asked for the AWS profile (then
   * the same call again with it), a SORACOM login asked, or the error. True when it was handled here.
   */
  const failed = (error: ErrorDto, sent: string | undefined, retry: (code: string) => Promise<unknown>) => {
    const problem = fieldProblem(t, error, REQUEST_FIELDS);
    if (problem) {
      form.show(problem.field, problem.text);
      return;
    }
    const what = funnelFailure(error, sent !== undefined);
    if (what === 'ask-code' || what === 'ask-again') {
      if (what === 'ask-again') setFailure(failureOf(error));
      setAsk({ profile: awsProfile, retry });
    } else if (what === 'soracom-login') {
      setNote({ tone: 'error', text: t('funnel.soracomNeedsLogin', { name: soracomProfile }) });
    } else {
      setFailure(failureOf(error));
    }
  };

  const begin = (what: 'plan' | 'run'): boolean => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(what);
    setFailure(null);
    setNote(null);
    setAsk(null);
    return true;
  };
  const end = () => {
    busyRef.current = false;
    setBusy(null);
  };

  const askPlan = async (sent: string | undefined): Promise<void> => {
    if (!begin('plan')) return;
    setPlan(null);
    const result = await call('funnel:plan', { ...request, ...(sent !== undefined ? { code: sent } : {}) });
    end();
    setCode('');
    if (!result.ok) {
      failed(result.error, sent, (c) => askPlan(c));
      return;
    }
    if (result.value.outcome === 'dry-run') {
      setPlan(result.value.plan);
      setPlanFor(key);
    } else {
      setNote(rotateReport(t, locale, result.value));
    }
  };

  const showPlan = (event: FormEvent) => {
    event.preventDefault();
    if (busyRef.current) return;
    form.clear();
    if (
      !request.awsProfile ||
      !request.iamUser ||
      !request.soracomProfile ||
      !request.prefix ||
      (needsCode && code.length !== 6)
    ) {
      setMissing(true);
      return;
    }
    setMissing(false);
    // The core's own rules, worded under the field, before anything is sent.
    const broken = firstBrokenRule(t, funnelChecks(request));
    if (broken) {
      form.show(broken.field, broken.text);
      return;
    }
    void askPlan(needsCode ? code : undefined);
  };

  const runIt = async (sent?: string): Promise<void> => {
    if (planFor !== key || !begin('run')) return;
    const result = await call('funnel:rotate', { ...request, ...(sent !== undefined ? { code: sent } : {}) });
    end();
    if (!result.ok && funnelFailure(result.error, sent !== undefined) !== 'show') {
      failed(result.error, sent, (c) => runIt(c));
      return;
    }
    onDone(result, as);
  };

  const fieldProps = (field: FunnelField, hasHelp = false) => ({
    id: form.id(field),
    'aria-invalid': form.isInvalid(field),
    'aria-describedby': form.describedBy(field, hasHelp),
  });

  return (
    <form className="form" onSubmit={showPlan} noValidate data-testid="funnel-form">
      <Field label={t('funnel.form.aws')} htmlFor={form.id('aws')} error={form.errorFor('aws')}>
        <select
          {...fieldProps('aws')}
          className="input"
          data-testid="funnel-aws"
          value={awsProfile}
          onChange={(e) => {
            setAwsProfile(e.target.value);
            form.edited('aws');
          }}
        >
          {awsProfiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('funnel.form.user')} htmlFor={form.id('user')} error={form.errorFor('user')}>
        <input
          {...fieldProps('user')}
          className="input"
          data-testid="funnel-user"
          value={iamUser}
          onChange={(e) => {
            setIamUser(e.target.value);
            form.edited('user');
          }}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
      <Field label={t('funnel.form.soracom')} htmlFor={form.id('soracom')} error={form.errorFor('soracom')}>
        <select
          {...fieldProps('soracom')}
          className="input"
          data-testid="funnel-soracom"
          value={soracomProfile}
          onChange={(e) => {
            setSoracomProfile(e.target.value);
            form.edited('soracom');
          }}
        >
          {soracomProfiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t('funnel.form.prefix')}
        htmlFor={form.id('prefix')}
        error={form.errorFor('prefix')}
        help={t('funnel.form.prefixHelp', { example: `${prefix.trim() || 'PREFIX'}-YYMMDD` })}
      >
        <input
          {...fieldProps('prefix', true)}
          className="input"
          data-testid="funnel-prefix"
          value={prefix}
          onChange={(e) => {
            setPrefix(e.target.value);
            form.edited('prefix');
          }}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
      {needsCode ? (
        <Field
          label={t('funnel.form.code')}
          htmlFor={form.id('code')}
          error={form.errorFor('code')}
          help={t('funnel.form.codeHelp')}
        >
          <CodeInput
            id={form.id('code')}
            testId="funnel-code"
            value={code}
            onDigits={(digits) => {
              setCode(digits);
              form.edited('code');
            }}
            busy={busy !== null}
            invalid={form.isInvalid('code')}
            describedBy={form.describedBy('code', true)}
          />
        </Field>
      ) : null}
      {missing ? (
        <p className="field-error" role="alert" data-testid="form-error">
          {t('funnel.form.needAll')}
        </p>
      ) : null}
      {failure ? <ErrorMessage error={failure.error} receivedAt={failure.at} testId="funnel-error" /> : null}
      {note ? (
        <div
          className={`message message-${note.tone === 'error' ? 'error' : note.tone}`}
          data-testid="funnel-report"
        >
          <p className="message-text">{note.text}</p>
        </div>
      ) : null}
      {ask ? <FunnelCodeAsk ask={ask} busy={busy !== null} onCancel={() => setAsk(null)} /> : null}
      <div className="button-row">
        <button type="submit" className="button" data-testid="funnel-plan" disabled={busy !== null}>
          {busy === 'plan' ? <Spinner /> : null}
          {t(busy === 'plan' ? 'funnel.form.planning' : 'funnel.form.plan')}
        </button>
      </div>
      {plan && planFor === key ? <FunnelPlanView plan={plan} busy={busy} onRun={() => void runIt()} /> : null}
    </form>
  );
}
