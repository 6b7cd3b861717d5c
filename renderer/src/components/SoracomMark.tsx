/** The small mark that tells a SORACOM account from an AWS profile in lists and headers. */
import { useI18n } from '../i18n';
import type { SoracomAuthMode } from '../../../src/core/rules/soracom-rules';

export function SoracomMark({ testId }: { testId?: string }) {
  const { t } = useI18n();
  return (
    <span className="tag soracom-mark nowrap" title={t('soracom.markHelp')} data-testid={testId}>
      {t('soracom.mark')}
    </span>
  );
}

/** Who the account signs in as: the operator id and SAM user, the email of a root user, or the auth key. */
export function soracomIdentity(soracom: {
  authMode: SoracomAuthMode;
  email: string | null;
  operatorId: string | null;
  userName: string | null;
}): string {
  const parts: string[] = [];
  if (soracom.operatorId) parts.push(soracom.operatorId);
  if (soracom.authMode === 'sam' && soracom.userName) parts.push(soracom.userName);
  if (soracom.authMode === 'root' && soracom.email) parts.push(soracom.email);
  return parts.join(' / ');
}
