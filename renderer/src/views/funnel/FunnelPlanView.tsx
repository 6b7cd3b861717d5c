/** The dry-run plan of a Funnel rotation: the new set, the groups it moves, and Run (unless IAM's key limit is hit). */
import type { FunnelPlanDto } from '../../../../src/shared/ipc-contract';
import { Spinner } from '../../components/icons';
import { useI18n } from '../../i18n';

export function FunnelPlanView({
  plan,
  busy,
  onRun,
}: {
  plan: FunnelPlanDto;
  /** What the form is doing, if anything. */
  busy: 'plan' | 'run' | null;
  onRun: () => void;
}) {
  const { t } = useI18n();
  return (
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
            onClick={onRun}
          >
            {busy === 'run' ? <Spinner /> : null}
            {t(busy === 'run' ? 'funnel.plan.running' : 'funnel.plan.run')}
          </button>
        </div>
      )}
    </section>
  );
}
