/**
 * "Rotate key": the base-key rotation of one AWS profile, its steps shown as they happen (rotation:progress
 * events from the core), a code asked only when the profile has no session for the run, the removal of an
 * unused second key only after an explicit confirmation, and Finish once the grace period is over. Only key
 * ids (their last four characters), steps and dates reach this view: never a secret.
 */
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type {
  AccessKeyFactDto,
  FinishKeyResultDto,
  KeyRotationDto,
  LastUseDto,
  ProfileDto,
  RotateKeyResultDto,
  RotationStatusDto,
} from '../../../src/shared/ipc-contract';
import { api, call } from '../api/api';
import { ConfirmAction } from '../components/ConfirmAction';
import { Spinner } from '../components/icons';
import { ErrorMessage, useEscape, ViewHeader, type NoticeTone } from '../components/ui';
import { failureOf, type Failure } from '../errors';
import { useI18n, type Locale, type Translate } from '../i18n';

export interface RotationViewProps {
  profileName: string;
  profile: ProfileDto | undefined;
  onClose: () => void;
}

type StepId = 'check' | 'removeUnused' | 'create' | 'store' | 'prove' | 'deactivate';
type StepState = 'pending' | 'active' | 'done' | 'failed';

/** The checkpoints after which each step is done. */
const STEP_POINTS: Record<StepId, { done: string[] }> = {
  check: { done: ['planned'] },
  removeUnused: { done: ['creating'] },
  create: { done: ['created'] },
  store: { done: ['stored'] },
  prove: { done: ['deactivating'] },
  deactivate: { done: ['deactivated'] },
};

/**
 * What each step looks like, given the checkpoints reached so far: done ones, then the one under way (while
 * running) or the one that failed (a run that ended in an error or a rollback), then pending ones.
 */
export function stepStates(
  steps: StepId[],
  reached: string[],
  running: boolean,
  failed: boolean,
): Record<StepId, StepState> {
  const states = {} as Record<StepId, StepState>;
  let current = true;
  for (const id of steps) {
    if (STEP_POINTS[id].done.some((p) => reached.includes(p))) {
      states[id] = 'done';
    } else if (current) {
      current = false;
      states[id] = running ? 'active' : failed ? 'failed' : 'pending';
    } else {
      states[id] = 'pending';
    }
  }
  return states;
}

const suffix = (keyId: string | null | undefined) => (keyId ? keyId.slice(-4) : '????');

function dateText(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function dayText(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

function whereText(t: Translate, use: LastUseDto): string {
  const parts = [use.serviceName, use.region].filter((p): p is string => !!p && p !== 'N/A');
  return parts.length > 0 ? parts.join('/') : t('rotation.unknownService');
}

interface Outcome {
  tone: NoticeTone | 'error';
  lines: string[];
}

function rotateOutcome(t: Translate, locale: Locale, r: RotateKeyResultDto): Outcome | null {
  switch (r.outcome) {
    case 'rotated': {
      const lines = [
        t('rotation.rotated', { newKey: suffix(r.rotation.newKeyId), oldKey: suffix(r.rotation.oldKeyId) }),
      ];
      if (r.removedUnusedKeyId)
        lines.push(t('rotation.removedUnused', { key: suffix(r.removedUnusedKeyId) }));
      if (r.proofAttempts > 0) lines.push(t('rotation.proofAttempts', { count: r.proofAttempts }));
      lines.push(
        r.sessionValidUntil
          ? t('rotation.sessionsStayUntil', { time: dateText(locale, r.sessionValidUntil) })
          : t('rotation.sessionsStay'),
      );
      lines.push(t('rotation.finishAfter', { date: dateText(locale, r.rotation.finishDueAt) }));
      return { tone: 'success', lines };
    }
    case 'rolled-back':
      return {
        tone: 'warning',
        lines: [
          t(r.reason === 'new-key-lost' ? 'rotation.rolledBackLost' : 'rotation.rolledBack', {
            oldKey: suffix(r.rotation.oldKeyId),
          }),
        ],
      };
    case 'second-key-in-use':
      return {
        tone: 'error',
        lines: [
          t('rotation.secondKeyInUse', {
            key: suffix(r.secondKey.accessKeyId),
            date: dateText(locale, r.secondKey.lastUsed?.date),
          }),
        ],
      };
    case 'key-not-listed':
      return { tone: 'error', lines: [t('rotation.keyNotListed', { key: r.accessKeyIdSuffix })] };
    case 'busy':
      return { tone: 'info', lines: [t('rotation.busy')] };
    case 'awaiting-finish':
    case 'needs-confirmation':
      return null;
  }
}

function finishOutcome(t: Translate, locale: Locale, r: FinishKeyResultDto): Outcome {
  switch (r.outcome) {
    case 'finished':
      return {
        tone: 'success',
        lines: [
          t(r.alreadyGone ? 'rotation.finishedGone' : 'rotation.finished', {
            oldKey: suffix(r.deletedKeyId),
          }),
        ],
      };
    case 'old-key-used':
      return {
        tone: 'warning',
        lines: [
          t('rotation.oldKeyUsed', {
            oldKey: suffix(r.rotation.oldKeyId),
            date: dateText(locale, r.lastUse.date),
            where: whereText(t, r.lastUse),
          }),
        ],
      };
    case 'old-key-active':
      return {
        tone: 'warning',
        lines: [t('rotation.oldKeyActive', { oldKey: suffix(r.rotation.oldKeyId) })],
      };
    case 'not-due':
      return {
        tone: 'info',
        lines: [t('rotation.notDue', { due: dateText(locale, r.rotation.finishDueAt) })],
      };
    case 'busy':
      return { tone: 'info', lines: [t('rotation.busy')] };
    case 'rotation-unfinished':
      return { tone: 'info', lines: [t('rotation.interrupted', { step: r.rotation.step })] };
    case 'nothing-to-finish':
      return { tone: 'info', lines: [t('rotation.nothingToFinish')] };
  }
}

const AWAITING = ['deactivated', 'deleting-old'];
const FINAL = ['rolled-back', 'finished'];

export function RotationView({ profileName, profile, onClose }: RotationViewProps) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState<RotationStatusDto | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [phase, setPhase] = useState<'idle' | 'rotating' | 'finishing'>('idle');
  const [reached, setReached] = useState<string[]>([]);
  const [ranSteps, setRanSteps] = useState<StepId[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirm, setConfirm] = useState<AccessKeyFactDto | null>(null);
  const [runFailed, setRunFailed] = useState(false);
  /** The last run rotated: every step is done (whatever progress events arrived). */
  const [rotatedOk, setRotatedOk] = useState(false);
  const [code, setCode] = useState('');
  const busy = phase !== 'idle';
  const busyRef = useRef(false);

  useEscape(() => {
    if (!busyRef.current && !confirm) onClose();
  });

  const load = async () => {
    const result = await call('rotation:status', profileName);
    if (result.ok) setStatus(result.value);
    else setFailure(failureOf(result.error));
  };

  useEffect(() => {
    let live = true;
    void call('rotation:status', profileName).then((result) => {
      if (!live) return;
      if (result.ok) setStatus(result.value);
      else setFailure(failureOf(result.error));
    });
    const off = api.on('rotation:progress', (event) => {
      if (event.kind === 'access-key' && event.profile === profileName)
        setReached((list) => [...list, event.point]);
    });
    return () => {
      live = false;
      off();
    };
  }, [profileName]);

  const rotate = async (removeUnusedKeyId?: string) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setPhase('rotating');
    setFailure(null);
    setOutcome(null);
    setReached([]);
    setRunFailed(false);
    setRotatedOk(false);
    setRanSteps(
      removeUnusedKeyId ? ['check', 'removeUnused', 'create', 'store', 'prove', 'deactivate'] : null,
    );
    const digits = status?.needsCode ? code : undefined;
    const result = await call('rotation:rotate', {
      name: profileName,
      ...(digits ? { code: digits } : {}),
      ...(removeUnusedKeyId ? { removeUnusedKeyId } : {}),
    });
    busyRef.current = false;
    setPhase('idle');
    setConfirm(null);
    setCode('');
    if (!result.ok) {
      setFailure(failureOf(result.error));
      setRunFailed(true);
    } else if (result.value.outcome === 'needs-confirmation') {
      setConfirm(result.value.secondKey);
    } else {
      setOutcome(rotateOutcome(t, locale, result.value));
      setRunFailed(result.value.outcome !== 'rotated');
      setRotatedOk(result.value.outcome === 'rotated');
    }
    await load();
  };

  const finish = async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setPhase('finishing');
    setFailure(null);
    setOutcome(null);
    const digits = status?.needsCode ? code : undefined;
    const result = await call('rotation:finish', { name: profileName, ...(digits ? { code: digits } : {}) });
    setCode('');
    busyRef.current = false;
    setPhase('idle');
    if (result.ok) setOutcome(finishOutcome(t, locale, result.value));
    else setFailure(failureOf(result.error));
    await load();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void rotate();
  };

  const onCode = (event: ChangeEvent<HTMLInputElement>) =>
    setCode(event.target.value.replace(/\D/g, '').slice(0, 6));

  const rotation = status?.rotation ?? null;
  const awaiting = rotation !== null && AWAITING.includes(rotation.step);
  const interrupted = rotation !== null && !awaiting && !FINAL.includes(rotation.step);
  const keySuffix = status?.accessKeyIdSuffix ?? profile?.accessKeyIdSuffix ?? null;
  const showSteps = phase === 'rotating' || reached.length > 0 || rotatedOk;
  const steps: StepId[] =
    ranSteps ??
    (reached.includes('removing-unused') || rotation?.unusedKeyId
      ? ['check', 'removeUnused', 'create', 'store', 'prove', 'deactivate']
      : ['check', 'create', 'store', 'prove', 'deactivate']);
  const states = stepStates(
    steps,
    rotatedOk ? steps.flatMap((id) => STEP_POINTS[id].done) : reached,
    phase === 'rotating',
    runFailed,
  );
  const codeMissing = status?.needsCode === true && code.length !== 6;

  return (
    <>
      <ViewHeader title={t('rotation.title')} onBack={() => !busyRef.current && onClose()} />
      <main className="view rotation" data-testid="rotation-view">
        <dl className="facts">
          <div>
            <dt>{t('rotation.profile')}</dt>
            <dd className="facts-strong">{profileName}</dd>
          </div>
          <div>
            <dt>{t('rotation.currentKey')}</dt>
            <dd data-testid="rotation-key">
              <code>…{keySuffix ?? '????'}</code>
            </dd>
          </div>
          <div>
            <dt>{t('rotation.age')}</dt>
            <dd data-testid="rotation-age">
              {status?.keyAgeDays != null
                ? t('rotation.ageDays', {
                    days: status.keyAgeDays,
                    date: dayText(locale, status.keyCreatedAt),
                  })
                : t('rotation.keyAgeUnknown')}
            </dd>
          </div>
        </dl>

        {!status && !failure ? (
          <div className="centered">
            <Spinner label={t('app.loading')} />
          </div>
        ) : null}

        {showSteps ? (
          <ol className="steps" aria-label={t('rotation.stepsLabel')} data-testid="rotation-steps">
            {steps.map((id) => (
              <li
                key={id}
                className={`step step-${states[id]}`}
                data-testid={`rotation-step-${id}`}
                data-state={states[id]}
              >
                <span className="step-mark" aria-hidden="true">
                  {states[id] === 'active' ? (
                    <Spinner />
                  ) : states[id] === 'done' ? (
                    '✓'
                  ) : states[id] === 'failed' ? (
                    '✕'
                  ) : (
                    '·'
                  )}
                </span>
                <span className="step-text">{t(`rotation.step.${id}`)}</span>
                {states[id] !== 'pending' ? (
                  <span className="visually-hidden">
                    {t(
                      states[id] === 'done'
                        ? 'rotation.stepDone'
                        : states[id] === 'active'
                          ? 'rotation.stepActive'
                          : 'rotation.stepFailed',
                    )}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}

        {outcome ? (
          outcome.tone === 'error' ? (
            <div
              className="message message-error"
              role="alert"
              data-testid="rotation-outcome"
              data-tone="error"
            >
              {outcome.lines.map((line, i) => (
                <p className="message-text" key={i}>
                  {line}
                </p>
              ))}
            </div>
          ) : (
            <div
              className={`message message-${outcome.tone}`}
              role="status"
              data-testid="rotation-outcome"
              data-tone={outcome.tone}
            >
              {outcome.lines.map((line, i) => (
                <p className={i === 0 ? 'message-text' : 'message-detail'} key={i}>
                  {line}
                </p>
              ))}
            </div>
          )
        ) : null}

        {failure ? (
          <ErrorMessage error={failure.error} receivedAt={failure.at} testId="rotation-error" />
        ) : null}

        {confirm ? (
          <ConfirmAction
            title={t('rotation.confirmTitle', { key: suffix(confirm.accessKeyId) })}
            confirmLabel={t('rotation.confirmRemove')}
            busyLabel={t('rotation.removing')}
            busy={busy}
            onConfirm={() => void rotate(confirm.accessKeyId)}
            onCancel={() => setConfirm(null)}
            testId="rotation-confirm"
            confirmTestId="rotation-confirm-remove"
          >
            <p>
              {t('rotation.confirmBody', {
                status: t(confirm.status === 'Active' ? 'rotation.statusActive' : 'rotation.statusInactive'),
                used: confirm.lastUsed
                  ? t('rotation.confirmUsedAt', { date: dateText(locale, confirm.lastUsed.date) })
                  : t('rotation.confirmUsedNever'),
              })}
            </p>
          </ConfirmAction>
        ) : null}

        {status && !confirm ? (
          <RotationActions
            status={status}
            rotation={rotation}
            awaiting={awaiting}
            interrupted={interrupted}
            phase={phase}
            code={code}
            codeMissing={codeMissing}
            onCode={onCode}
            onSubmit={onSubmit}
            onFinish={() => void finish()}
            onClose={onClose}
            hideStart={outcome?.tone === 'success' && !awaiting}
            hideLastUse={outcome !== null}
          />
        ) : null}
      </main>
    </>
  );
}

function RotationActions(props: {
  status: RotationStatusDto;
  rotation: KeyRotationDto | null;
  awaiting: boolean;
  interrupted: boolean;
  phase: 'idle' | 'rotating' | 'finishing';
  code: string;
  codeMissing: boolean;
  onCode: (event: ChangeEvent<HTMLInputElement>) => void;
  onSubmit: (event: FormEvent) => void;
  onFinish: () => void;
  onClose: () => void;
  hideStart: boolean;
  /** The outcome above says it already. */
  hideLastUse: boolean;
}) {
  const { t, locale } = useI18n();
  const { status, rotation, phase } = props;
  const busy = phase !== 'idle';
  if (props.awaiting && rotation) {
    return (
      <div className="stack" data-testid="rotation-awaiting">
        <p className="lead-text" data-testid="rotation-finish-state">
          {status.finishDue
            ? t('rotation.finishDue', { oldKey: suffix(rotation.oldKeyId) })
            : t('rotation.awaitingFinish', {
                oldKey: suffix(rotation.oldKeyId),
                deactivated: dateText(locale, rotation.deactivatedAt),
                due: dateText(locale, rotation.finishDueAt),
              })}
        </p>
        {rotation.lastUseSeen && !props.hideLastUse ? (
          <p className="field-help" data-testid="rotation-last-use">
            {t('rotation.oldKeyUsed', {
              oldKey: suffix(rotation.oldKeyId),
              date: dateText(locale, rotation.lastUseSeen.date),
              where: whereText(t, rotation.lastUseSeen),
            })}
          </p>
        ) : null}
        {status.finishDue && status.needsCode ? (
          <CodeField status={status} code={props.code} busy={busy} onCode={props.onCode} />
        ) : null}
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={props.onClose}
            disabled={busy}
            data-testid="rotation-close"
          >
            {t('rotation.close')}
          </button>
          {status.finishDue ? (
            <button
              type="button"
              className="button primary"
              data-testid="rotation-finish"
              onClick={props.onFinish}
              disabled={busy || props.codeMissing}
            >
              {phase === 'finishing' ? <Spinner /> : null}
              {t(phase === 'finishing' ? 'rotation.finishing' : 'rotation.finish')}
            </button>
          ) : null}
        </div>
      </div>
    );
  }
  if (props.hideStart) {
    return (
      <div className="button-row">
        <button type="button" className="button primary" onClick={props.onClose} data-testid="rotation-close">
          {t('rotation.close')}
        </button>
      </div>
    );
  }
  const last = rotation && !props.interrupted ? rotation : null;
  return (
    <form className="stack" onSubmit={props.onSubmit} noValidate>
      {busy ? null : props.interrupted && rotation ? (
        <p className="lead-text" data-testid="rotation-interrupted">
          {t('rotation.interrupted', { step: rotation.step })}
        </p>
      ) : (
        <p className="field-help">{t('rotation.intro')}</p>
      )}
      {last?.step === 'finished' && last.finishedAt ? (
        <p className="field-help">{t('rotation.lastRotated', { date: dateText(locale, last.finishedAt) })}</p>
      ) : last?.step === 'rolled-back' && last.finishedAt ? (
        <p className="field-help">
          {t('rotation.lastRolledBack', { date: dateText(locale, last.finishedAt) })}
        </p>
      ) : null}
      {status.needsCode && !busy ? (
        <CodeField status={status} code={props.code} busy={busy} onCode={props.onCode} />
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={props.onClose} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button
          type="submit"
          className="button primary"
          data-testid="rotation-start"
          disabled={busy || props.codeMissing}
        >
          {phase === 'rotating' ? <Spinner /> : null}
          {t(
            phase === 'rotating'
              ? 'rotation.running'
              : props.interrupted
                ? 'rotation.resume'
                : 'rotation.start',
          )}
        </button>
      </div>
    </form>
  );
}

/** The one code of a run (rotate or finish), asked only when the profile has no session for it. */
function CodeField(props: {
  status: RotationStatusDto;
  code: string;
  busy: boolean;
  onCode: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label className="otp-label" htmlFor="rotation-code">
        {t('rotation.needsCode', { name: props.status.profile })}
      </label>
      <input
        id="rotation-code"
        className="otp-input"
        data-testid="rotation-code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        spellCheck={false}
        aria-label={t('rotation.codeLabel')}
        placeholder={t('otp.placeholder')}
        value={props.code}
        onChange={props.onCode}
        readOnly={props.busy}
      />
    </div>
  );
}
