/**
 * The keys SORACOM Funnel publishes with: the recorded Funnel rotations (groups, the credential set each
 * uses, the last rotation, what is left), "Rotate now" (a form, the dry-run plan first, then the run),
 * Finish once the grace period is over, and after a partial failure the report of where each group points
 * with Resume / Roll back. The new key's secret never comes here: it goes from IAM to SORACOM in main.
 * An action the AWS profile has no session for asks for one code (naming that profile) and is sent again
 * with it; a SORACOM account without a session is told to log in there (its code is SORACOM's, not this).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { checkProfileName } from '../../../src/core/rules/profile-rules';
import { checkFunnelPrefix, checkIamUserName } from '../../../src/core/rules/rotation-rules';
import type {
  ErrorDto,
  FunnelFinishResultDto,
  FunnelGroupDto,
  FunnelPlanDto,
  FunnelRotateRequest,
  FunnelRotateResultDto,
  FunnelRotationDto,
  ProfileDto,
} from '../../../src/shared/ipc-contract';
import { call } from '../api/api';
import { CodeInput } from '../components/CodeInput';
import { ConfirmAction } from '../components/ConfirmAction';
import { fieldProblem, firstBrokenRule, useFieldErrors } from '../components/form';
import { Spinner } from '../components/icons';
import { ErrorMessage, Field, useEscape, ViewHeader, type NoticeTone } from '../components/ui';
import { failureOf, type Failure } from '../errors';
import { useI18n, type Locale, type Translate } from '../i18n';

export interface FunnelViewProps {
  profiles: ProfileDto[];
  onBack: () => void;
}

interface Report {
  tone: NoticeTone | 'error';
  text: string;
  /** The groups as they point now (a partial run). */
  rotation?: FunnelRotationDto;
}

function dateText(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function whereText(t: Translate, use: { serviceName: string | null; region: string | null }): string {
  const parts = [use.serviceName, use.region].filter((p): p is string => !!p && p !== 'N/A');
  return parts.length > 0 ? parts.join('/') : t('rotation.unknownService');
}

export function rotateReport(t: Translate, locale: Locale, r: FunnelRotateResultDto): Report | null {
  switch (r.outcome) {
    case 'switched':
      return {
        tone: 'success',
        text: t('funnel.switched', {
          set: r.rotation.newSetId,
          date: dateText(locale, r.rotation.finishDueAt),
        }),
      };
    case 'partial':
      return {
        tone: 'error',
        text: t(r.phase === 'rollback' ? 'funnel.partialRollback' : 'funnel.partial'),
        rotation: r.rotation,
      };
    case 'rolled-back':
      return { tone: 'success', text: t('funnel.rolledBack') };
    case 'no-groups':
      return { tone: 'info', text: t('funnel.noGroups', { prefix: r.prefix }) };
    case 'key-limit':
      return { tone: 'error', text: t('funnel.plan.keyLimit') };
    case 'open-rotation':
      return { tone: 'info', text: t('funnel.openRotation') };
    case 'awaiting-finish':
      return {
        tone: 'info',
        text: t('funnel.awaitingFinish', { date: dateText(locale, r.rotation.finishDueAt) }),
      };
    case 'nothing-to-resume':
      return { tone: 'info', text: t('funnel.nothingToResume') };
    case 'busy':
    case 'ambiguous':
      return { tone: 'info', text: t('funnel.busy') };
    case 'dry-run':
      return null;
  }
}

export function finishReport(t: Translate, locale: Locale, r: FunnelFinishResultDto): Report {
  switch (r.outcome) {
    case 'finished':
      return {
        tone: 'success',
        text: t('funnel.finished', { keys: r.deletedKeyIds.join(', '), sets: r.deletedSetIds.join(', ') }),
      };
    case 'not-due':
      return { tone: 'info', text: t('funnel.notDue', { date: dateText(locale, r.rotation.finishDueAt) }) };
    case 'busy':
      return { tone: 'info', text: t('funnel.busy') };
    case 'old-set-in-use':
      return {
        tone: 'warning',
        text: t('funnel.oldSetInUse', { groups: r.groups.map((g) => `${g.groupId} → ${g.set}`).join(', ') }),
      };
    case 'old-key-shared':
      return {
        tone: 'warning',
        text: t('funnel.oldKeyShared', { sets: r.setIds.join(', '), key: r.accessKeyId }),
      };
    case 'old-key-used':
      return {
        tone: 'warning',
        text: t('funnel.oldKeyUsed', {
          key: r.lastUse.accessKeyId,
          date: dateText(locale, r.lastUse.date),
          where: whereText(t, r.lastUse),
        }),
      };
  }
}

function GroupTable({ groups, testId }: { groups: FunnelGroupDto[]; testId: string }) {
  const { t } = useI18n();
  return (
    <table className="funnel-groups" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('funnel.group')}</th>
          <th scope="col">{t('funnel.uses')}</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.groupId} data-testid={`funnel-group-${g.groupId}`} data-state={g.state}>
            <td>
              <code>{g.name ?? g.groupId}</code>
            </td>
            <td>
              <code>{g.uses}</code>{' '}
              <span className={`tag${g.state === 'failed' ? ' tag-warn' : ''}`}>
                {t(`funnel.groupState.${g.state as GroupState}`)}
              </span>
              {g.failureCode ? <code> {g.failureCode}</code> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type GroupState = 'pending' | 'moving' | 'moved' | 'failed' | 'restored';

/** An action waiting for the AWS profile's code, to be sent again with it. */
interface CodeAsk {
  /** The AWS profile whose MFA device the code is from. */
  profile: string;
  retry: (code: string) => Promise<unknown>;
}

/** Who a Funnel action runs as: the AWS profile (IAM) and the SORACOM account. */
interface RunAs {
  awsProfile: string;
  soracomProfile: string;
}

/**
 * What a failed answer means here: the AWS profile needs a code (ask it; a wrong or used code asks again),
 * the SORACOM account needs a login (say so, naming it), or any other error (shown as is).
 */
export function funnelFailure(
  error: ErrorDto,
  sentCode: boolean,
): 'ask-code' | 'ask-again' | 'soracom-login' | 'show' {
  if (error.reason === 'rotation-needs-code') return 'ask-code';
  if (error.reason === 'soracom-needs-login') return 'soracom-login';
  if (sentCode && (error.kind === 'wrong-code' || error.kind === 'code-reused')) return 'ask-again';
  return 'show';
}

/** The one code entry, for the AWS profile it names; Enter or Continue sends the action again. */
function CodeAskPanel({ ask, busy, onCancel }: { ask: CodeAsk; busy: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [code, setCode] = useState('');
  const send = () => {
    if (busy || code.length !== 6) return;
    void ask.retry(code);
  };
  return (
    <div
      className="panel funnel-code-ask"
      data-testid="funnel-code-ask"
      data-profile={ask.profile}
      onKeyDown={(event) => {
        // Not a form (it can sit inside the Rotate now form): Enter sends this, not the outer form.
        if (event.key !== 'Enter') return;
        event.preventDefault();
        send();
      }}
    >
      <label className="field-label" htmlFor={id}>
        {t('funnel.codeFor', { name: ask.profile })}
      </label>
      <CodeInput
        id={id}
        testId="funnel-code-ask-input"
        value={code}
        onDigits={setCode}
        busy={busy}
        autoFocus
      />
      <div className="button-row">
        <button
          type="button"
          className="button small"
          data-testid="funnel-code-ask-cancel"
          disabled={busy}
          onClick={onCancel}
        >
          {t('funnel.codeCancel')}
        </button>
        <button
          type="button"
          className="button small primary"
          data-testid="funnel-code-ask-send"
          disabled={busy || code.length !== 6}
          onClick={send}
        >
          {busy ? <Spinner /> : null}
          {t('funnel.codeContinue')}
        </button>
      </div>
    </div>
  );
}

export function FunnelView({ profiles, onBack }: FunnelViewProps) {
  const { t, locale } = useI18n();
  const [rotations, setRotations] = useState<FunnelRotationDto[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [mode, setMode] = useState<'list' | 'form'>('list');
  const [busy, setBusy] = useState<string | null>(null);
  const [rollback, setRollback] = useState<FunnelRotationDto | null>(null);
  const [ask, setAsk] = useState<CodeAsk | null>(null);
  const busyRef = useRef(false);
  useEscape(() => {
    if (busyRef.current || rollback) return;
    if (ask) {
      setAsk(null);
      return;
    }
    if (mode === 'form') setMode('list');
    else onBack();
  });

  const load = async () => {
    const result = await call('funnel:status');
    if (result.ok) setRotations([...result.value].reverse());
    else setFailure(failureOf(result.error));
  };
  useEffect(() => {
    let live = true;
    void call('funnel:status').then((result) => {
      if (!live) return;
      if (result.ok) setRotations([...result.value].reverse());
      else setFailure(failureOf(result.error));
    });
    return () => {
      live = false;
    };
  }, []);

  const run = async <T,>(key: string, work: () => Promise<T>): Promise<T | undefined> => {
    if (busyRef.current) return undefined;
    busyRef.current = true;
    setBusy(key);
    setFailure(null);
    setReport(null);
    setAsk(null);
    try {
      return await work();
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  const selectorOf = (r: FunnelRotationDto) => ({ soracomProfile: r.soracomProfile, prefix: r.prefix });

  const withCode = (code: string | undefined) => (code !== undefined ? { code } : {});

  /** A failed answer: a code asked (then `retry` with it), a SORACOM login asked, or the error shown. */
  const onFailure = (
    error: ErrorDto,
    as: RunAs,
    code: string | undefined,
    retry: ((code: string) => Promise<unknown>) | undefined,
  ) => {
    const what = funnelFailure(error, code !== undefined);
    if ((what === 'ask-code' || what === 'ask-again') && retry) {
      if (what === 'ask-again') setFailure(failureOf(error));
      setAsk({ profile: as.awsProfile, retry });
    } else if (what === 'soracom-login') {
      setReport({ tone: 'error', text: t('funnel.soracomNeedsLogin', { name: as.soracomProfile }) });
    } else {
      setFailure(failureOf(error));
    }
  };

  const onRotateResult = (
    result: Awaited<ReturnType<typeof call<'funnel:rotate'>>>,
    as: RunAs,
    code?: string,
    retry?: (code: string) => Promise<unknown>,
  ) => {
    if (!result.ok) {
      onFailure(result.error, as, code, retry);
      return;
    }
    setReport(rotateReport(t, locale, result.value));
  };

  const finish = (r: FunnelRotationDto, code?: string): Promise<unknown> =>
    run(`finish-${r.id}`, async () => {
      const result = await call('funnel:finish', { ...selectorOf(r), ...withCode(code) });
      if (!result.ok) onFailure(result.error, r, code, (c) => finish(r, c));
      else if (result.value[0]) setReport(finishReport(t, locale, result.value[0]));
      await load();
    });

  const resume = (r: FunnelRotationDto, code?: string): Promise<unknown> =>
    run(`resume-${r.id}`, async () => {
      onRotateResult(await call('funnel:resume', { ...selectorOf(r), ...withCode(code) }), r, code, (c) =>
        resume(r, c),
      );
      await load();
    });

  const doRollback = (r: FunnelRotationDto, code?: string): Promise<unknown> =>
    run(`rollback-${r.id}`, async () => {
      onRotateResult(await call('funnel:rollback', { ...selectorOf(r), ...withCode(code) }), r, code, (c) =>
        doRollback(r, c),
      );
      setRollback(null);
      await load();
    });

  const header = (
    <ViewHeader
      title={t('funnel.title')}
      onBack={() => {
        if (busyRef.current) return;
        if (mode === 'form') setMode('list');
        else onBack();
      }}
    />
  );

  const messages = (
    <>
      {report ? (
        <div
          className={`message message-${report.tone}`}
          role={report.tone === 'error' ? 'alert' : 'status'}
          data-testid="funnel-report"
          data-tone={report.tone}
        >
          <p className="message-text">{report.text}</p>
          {report.rotation ? (
            <>
              <GroupTable groups={report.rotation.groups} testId="funnel-report-groups" />
              <div className="button-row">
                <button
                  type="button"
                  className="button small"
                  data-testid="funnel-report-rollback"
                  disabled={busy !== null}
                  onClick={() => setRollback(report.rotation ?? null)}
                >
                  {t('funnel.rollback')}
                </button>
                <button
                  type="button"
                  className="button small primary"
                  data-testid="funnel-report-resume"
                  disabled={busy !== null}
                  onClick={() => report.rotation && void resume(report.rotation)}
                >
                  {busy?.startsWith('resume-') ? <Spinner /> : null}
                  {t('funnel.resume')}
                </button>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
      {failure ? <ErrorMessage error={failure.error} receivedAt={failure.at} testId="funnel-error" /> : null}
      {ask ? <CodeAskPanel ask={ask} busy={busy !== null} onCancel={() => setAsk(null)} /> : null}
      {rollback ? (
        <ConfirmAction
          title={t('funnel.rollbackTitle')}
          confirmLabel={t('funnel.rollback')}
          busyLabel={t('funnel.rollingBack')}
          busy={busy !== null}
          onConfirm={() => void doRollback(rollback)}
          onCancel={() => setRollback(null)}
          testId="funnel-rollback-confirm"
          confirmTestId="funnel-rollback-confirm-button"
        >
          <p>{t('funnel.rollbackBody', { set: rollback.newSetId })}</p>
        </ConfirmAction>
      ) : null}
    </>
  );

  if (mode === 'form') {
    return (
      <>
        {header}
        <main className="view funnel" data-testid="funnel-view">
          <FunnelForm
            profiles={profiles}
            onDone={(result, as) => {
              onRotateResult(result, as);
              setMode('list');
              void load();
            }}
          />
        </main>
      </>
    );
  }

  return (
    <>
      {header}
      <main className="view funnel" data-testid="funnel-view">
        <p className="field-help">{t('funnel.intro')}</p>
        {messages}
        <div className="button-row">
          <button
            type="button"
            className="button primary"
            data-testid="funnel-rotate-now"
            onClick={() => {
              setReport(null);
              setFailure(null);
              setMode('form');
            }}
            disabled={busy !== null}
          >
            {t('funnel.rotateNow')}
          </button>
        </div>
        {rotations === null ? (
          failure ? null : (
            <div className="centered">
              <Spinner label={t('app.loading')} />
            </div>
          )
        ) : rotations.length === 0 ? (
          <p className="lead-text" data-testid="funnel-none">
            {t('funnel.none')}
          </p>
        ) : (
          <ul className="funnel-list" aria-label={t('funnel.listLabel')}>
            {rotations.map((r) => (
              <li
                key={r.id}
                className="panel funnel-item"
                data-testid={`funnel-rotation-${r.prefix}`}
                data-step={r.step}
              >
                <div className="profile-line">
                  <h2 className="profile-name">
                    <code>{r.prefix}</code>
                  </h2>
                  <span className="tag" data-testid="funnel-left">
                    {r.left === 'nothing'
                      ? t('funnel.left.nothing')
                      : r.left === 'finish'
                        ? r.finishDue
                          ? t('funnel.left.finishDue')
                          : t('funnel.left.finish', { date: dateText(locale, r.finishDueAt) })
                        : t('funnel.left.resume')}
                  </span>
                </div>
                <p className="field-help">
                  {t('funnel.by', { user: r.iamUser, aws: r.awsProfile })} · <code>{r.soracomProfile}</code>
                </p>
                <p className="field-help">
                  {t('funnel.lastRotation', { date: dateText(locale, r.switchedAt ?? r.startedAt) })} ·{' '}
                  <code>{r.oldSets.map((s) => s.credentialsId).join(', ')}</code> → <code>{r.newSetId}</code>
                </p>
                <GroupTable groups={r.groups} testId={`funnel-groups-${r.prefix}`} />
                <div className="button-row">
                  {r.left === 'finish' && r.finishDue ? (
                    <button
                      type="button"
                      className="button small primary"
                      data-testid={`funnel-finish-${r.prefix}`}
                      disabled={busy !== null}
                      onClick={() => void finish(r)}
                    >
                      {busy === `finish-${r.id}` ? <Spinner /> : null}
                      {t(busy === `finish-${r.id}` ? 'funnel.finishing' : 'funnel.finish')}
                    </button>
                  ) : null}
                  {r.left === 'resume-or-rollback' ? (
                    <>
                      <button
                        type="button"
                        className="button small"
                        data-testid={`funnel-rollback-${r.prefix}`}
                        disabled={busy !== null}
                        onClick={() => setRollback(r)}
                      >
                        {t('funnel.rollback')}
                      </button>
                      <button
                        type="button"
                        className="button small primary"
                        data-testid={`funnel-resume-${r.prefix}`}
                        disabled={busy !== null}
                        onClick={() => void resume(r)}
                      >
                        {busy === `resume-${r.id}` ? <Spinner /> : null}
                        {t('funnel.resume')}
                      </button>
                    </>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}

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

function FunnelForm({
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
      {ask ? <CodeAskPanel ask={ask} busy={busy !== null} onCancel={() => setAsk(null)} /> : null}
      <div className="button-row">
        <button type="submit" className="button" data-testid="funnel-plan" disabled={busy !== null}>
          {busy === 'plan' ? <Spinner /> : null}
          {t(busy === 'plan' ? 'funnel.form.planning' : 'funnel.form.plan')}
        </button>
      </div>
      {plan && planFor === key ? (
        <section className="panel" data-testid="funnel-plan-view">
          <h2 className="section-title">{t('funnel.plan.title')}</h2>
          <p className="field-help">{t('funnel.plan.newSet', { set: plan.newSetId })}</p>
          <p className="field-help">{t('funnel.plan.move', { count: plan.groups.length })}</p>
          <ul className="funnel-moves">
            {plan.groups.map((g) => (
              <li key={g.groupId} data-testid={`funnel-plan-group-${g.groupId}`}>
                <code>{g.name ?? g.groupId}</code>: <code>{g.from}</code> → <code>{plan.newSetId}</code>
              </li>
            ))}
          </ul>
          {plan.otherGroups > 0 ? (
            <p className="field-help">{t('funnel.plan.other', { count: plan.otherGroups })}</p>
          ) : null}
          {plan.userKeyIds.length >= 2 ? (
            <p className="warn-text">{t('funnel.plan.keyLimit')}</p>
          ) : (
            <div className="button-row">
              <button
                type="button"
                className="button primary"
                data-testid="funnel-run"
                disabled={busy !== null}
                onClick={() => void runIt()}
              >
                {busy === 'run' ? <Spinner /> : null}
                {t(busy === 'run' ? 'funnel.plan.running' : 'funnel.plan.run')}
              </button>
            </div>
          )}
        </section>
      ) : null}
    </form>
  );
}
