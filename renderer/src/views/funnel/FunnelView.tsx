/**
 * The keys SORACOM Funnel publishes with: the recorded Funnel rotations (groups, the credential set each
 * uses, the last rotation, what is left), "Rotate now" (a form, the dry-run plan first, then the run),
 * Finish once the grace period is over, and after a partial failure the report of where each group points
 * with Resume / Roll back. The new key's secret never comes here: it goes from IAM to SORACOM in main.
 * An action the AWS profile has no session for asks for one code (naming that profile) and is sent again
 * with it; a SORACOM account without a session is told to log in there (its code is SORACOM's, not this).
 */
import { useEffect, useRef, useState } from 'react';
import type { ErrorDto, FunnelRotationDto, ProfileDto } from '../../../../src/shared/ipc-contract';
import { call } from '../../api/api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { Spinner } from '../../components/icons';
import { ErrorMessage, useEscape, ViewHeader } from '../../components/ui';
import { failureOf, type Failure } from '../../errors';
import { useI18n } from '../../i18n';
import { FunnelCodeAsk } from './FunnelCodeAsk';
import { FunnelPartialReport } from './FunnelPartialReport';
import { FunnelRotateForm } from './FunnelRotateForm';
import { FunnelRotationCard } from './FunnelRotationCard';
import {
  finishReport,
  funnelFailure,
  rotateReport,
  type CodeAsk,
  type Report,
  type RunAs,
} from './funnel-reports';

export interface FunnelViewProps {
  profiles: ProfileDto[];
  onBack: () => void;
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
        <FunnelPartialReport
          report={report}
          busy={busy}
          onRollback={setRollback}
          onResume={(r) => void resume(r)}
        />
      ) : null}
      {failure ? <ErrorMessage error={failure.error} receivedAt={failure.at} testId="funnel-error" /> : null}
      {ask ? <FunnelCodeAsk ask={ask} busy={busy !== null} onCancel={() => setAsk(null)} /> : null}
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
          <FunnelRotateForm
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
              <FunnelRotationCard
                key={r.id}
                rotation={r}
                busy={busy}
                onFinish={() => void finish(r)}
                onResume={() => void resume(r)}
                onRollback={() => setRollback(r)}
              />
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
