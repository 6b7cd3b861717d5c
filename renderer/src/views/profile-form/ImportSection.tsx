/** The profiles found in ~/.aws/credentials that are not here yet, each imported with one click. */
import { useEffect, useState } from 'react';
import type { ImportCandidateDto, ProfileChangeResponse } from '../../../../src/shared/ipc-contract';
import { call } from '../../api/api';
import { Spinner } from '../../components/icons';
import { ErrorMessage } from '../../components/ui';
import { failureOf, type Failure } from '../../errors';
import { useI18n } from '../../i18n';

export function ImportSection({
  onImported,
}: {
  onImported: (response: ProfileChangeResponse, awsProfile: string) => void;
}) {
  const { t } = useI18n();
  const [candidates, setCandidates] = useState<ImportCandidateDto[]>([]);
  const [scrub, setScrub] = useState(false);
  const [importing, setImporting] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let live = true;
    void call('profiles:import-candidates').then((result) => {
      if (live && result.ok) setCandidates(result.value);
    });
    return () => {
      live = false;
    };
  }, []);

  const runImport = async (awsProfile: string) => {
    setImporting(awsProfile);
    setFailure(null);
    const result = await call('profiles:import', { awsProfile, scrub });
    setImporting(null);
    if (result.ok) onImported(result.value, awsProfile);
    else setFailure(failureOf(result.error));
  };

  if (candidates.length === 0) return null;
  return (
    <section className="import" aria-labelledby="import-title" data-testid="import-section">
      <h2 className="section-title" id="import-title">
        {t('import.title')}
      </h2>
      <p className="section-body">{t('import.body')}</p>
      <ul className="import-list">
        {candidates.map((c) => (
          <li key={c.awsProfile} className="import-item">
            <span className="import-name">
              <code className="truncate">{c.awsProfile}</code>
              <span className="muted nowrap">{t('import.key', { suffix: c.accessKeyIdSuffix })}</span>
            </span>
            <button
              type="button"
              className="button"
              data-testid={`import-${c.awsProfile}`}
              onClick={() => void runImport(c.awsProfile)}
              disabled={importing !== null}
            >
              {importing === c.awsProfile ? <Spinner /> : null}
              {t(importing === c.awsProfile ? 'import.importing' : 'import.button')}
            </button>
          </li>
        ))}
      </ul>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="import-scrub"
          checked={scrub}
          onChange={(e) => setScrub(e.target.checked)}
        />
        <span>{t('import.scrub')}</span>
      </label>
      {failure ? <ErrorMessage error={failure.error} receivedAt={failure.at} testId="import-error" /> : null}
    </section>
  );
}
