/**
 * One recorded Funnel rotation: its prefix, what is left to do, who ran it, the last rotation (old sets → new
 * set), its groups, and Finish or Resume / Roll back when that is what is left.
 */
import type { FunnelRotationDto } from '../../../../src/shared/ipc-contract';
import { Spinner } from '../../components/icons';
import { dateText } from '../../dates';
import { useI18n } from '../../i18n';
import { FunnelGroupTable } from './FunnelGroupTable';

export function FunnelRotationCard(props: {
  rotation: FunnelRotationDto;
  /** The action under way, if any ("finish-<id>", "resume-<id>", …). */
  busy: string | null;
  onFinish: () => void;
  onResume: () => void;
  onRollback: () => void;
}) {
  const { t, locale } = useI18n();
  const { rotation: r, busy } = props;
  return (
    <li className="panel funnel-item" data-testid={`funnel-rotation-${r.prefix}`} data-step={r.step}>
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
      <FunnelGroupTable groups={r.groups} testId={`funnel-groups-${r.prefix}`} />
      <div className="button-row">
        {r.left === 'finish' && r.finishDue ? (
          <button
            type="button"
            className="button small primary"
            data-testid={`funnel-finish-${r.prefix}`}
            disabled={busy !== null}
            onClick={props.onFinish}
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
              onClick={props.onRollback}
            >
              {t('funnel.rollback')}
            </button>
            <button
              type="button"
              className="button small primary"
              data-testid={`funnel-resume-${r.prefix}`}
              disabled={busy !== null}
              onClick={props.onResume}
            >
              {busy === `resume-${r.id}` ? <Spinner /> : null}
              {t('funnel.resume')}
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}
