/** The Funnel groups of a rotation: each group, the credential set it uses and where its move stands. */
import type { FunnelGroupDto } from '../../../../src/shared/ipc-contract';
import { useI18n } from '../../i18n';

type GroupState = 'pending' | 'moving' | 'moved' | 'failed' | 'restored';

export function FunnelGroupTable({ groups, testId }: { groups: FunnelGroupDto[]; testId: string }) {
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
