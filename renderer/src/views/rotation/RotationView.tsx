/**
 * "Rotate key": the base-key rotation of one AWS profile, its steps shown as they happen (rotation:progress
 * events from the core), a code asked only when the profile has no session for the run, the removal of an
 * unused second key only after an explicit confirmation, and Finish once the grace period is over. Only key
 * ids (their last four characters), steps and dates reach this view: never a secret.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccessKeyFactDto, ProfileDto, RotationStatusDto } from '../../../../src/shared/ipc-contract';
import { api, call } from '../../api/api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { Spinner } from '../../components/icons';
import { ErrorMessage, useEscape, ViewHeader } from '../../components/ui';
import { dateText, dayText } from '../../dates';
import { failureOf, type Failure } from '../../errors';
import { useI18n } from '../../i18n';
import { RotationActions } from './RotationActions';
import { RotationSteps, STEP_POINTS, stepStates, type StepId } from './RotationSteps';
import { finishOutcome, rotateOutcome, RotationOutcome, suffix, type Outcome } from './RotationOutcome';

export interface RotationViewProps {
  profileName: string;
  profile: ProfileDto | undefined;
  onClose: () => void;
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

        {showSteps ? <RotationSteps steps={steps} states={states} /> : null}

        {outcome ? <RotationOutcome outcome={outcome} /> : null}

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
            onCode={setCode}
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
