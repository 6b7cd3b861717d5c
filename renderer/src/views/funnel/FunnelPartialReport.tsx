/**
 * The report of a Funnel run or Finish; after a partial run it also shows where each group points now, with
 * Roll back and Resume.
 */
import type { FunnelRotationDto } from '../../../../src/shared/ipc-contract';
import { Spinner } from '../../components/icons';
import { useI18n } from '../../i18n';
import { FunnelGroupTable } from './FunnelGroupTable';
import type { Report } from './funnel-reports';

export function FunnelPartialReport(props: {
  report: Report;
  /** The action under way, if any ("resume-<id>", …). */
  busy: string | null;
  onRollback: (rotation: FunnelRotationDto) => void;
  onResume: (rotation: FunnelRotationDto) => void;
}) {
  const { t } = useI18n();
  const { report, busy } = props;
  return (
    <div
      className={`message message-${report.tone}`}
      role={report.tone === 'error' ? 'alert' : 'status'}
      data-testid="funnel-report"
      data-tone={report.tone}
    >
      <p className="message-text">{report.text}</p>
      {report.rotation ? (
        <>
          <FunnelGroupTable groups={report.rotation.groups} testId="funnel-report-groups" />
          <div className="button-row">
            <button
              type="button"
              className="button small"
              data-testid="funnel-report-rollback"
              disabled={busy !== null}
              onClick={() => report.rotation && props.onRollback(report.rotation)}
            >
              {t('funnel.rollback')}
            </button>
            <button
              type="button"
              className="button small primary"
              data-testid="funnel-report-resume"
              disabled={busy !== null}
              onClick={() => report.rotation && props.onResume(report.rotation)}
            >
              {busy?.startsWith('resume-') ? <Spinner /> : null}
              {t('funnel.resume')}
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
