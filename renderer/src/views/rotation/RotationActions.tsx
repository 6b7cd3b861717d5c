/**
 * What can be done next on the rotation screen: Finish once the grace period is over (with the old key's
 * last use), or start / resume a rotation; the profile's code is asked only when it has no session for the run.
 */
import type { FormEvent } from 'react';
import type { KeyRotationDto, RotationStatusDto } from '../../../../src/shared/ipc-contract';
import { ProfileCodeField } from '../../components/ProfileCodeField';
import { Spinner } from '../../components/icons';
import { dateText, whereText } from '../../dates';
import { useI18n } from '../../i18n';
import { suffix } from './RotationOutcome';

export function RotationActions(props: {
  status: RotationStatusDto;
  rotation: KeyRotationDto | null;
  awaiting: boolean;
  interrupted: boolean;
  phase: 'idle' | 'rotating' | 'finishing';
  code: string;
  codeMissing: boolean;
  onCode: (digits: string) => void;
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
  onCode: (digits: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <ProfileCodeField
        id="rotation-code"
        testId="rotation-code"
        label={t('rotation.needsCode', { name: props.status.profile })}
        labelClassName="otp-label"
        ariaLabel={t('rotation.codeLabel')}
        value={props.code}
        onDigits={props.onCode}
        busy={props.busy}
      />
    </div>
  );
}
