/** The one code entry of a Funnel action, for the AWS profile it names; Enter or Continue sends it again. */
import { useId, useState } from 'react';
import { ProfileCodeField } from '../../components/ProfileCodeField';
import { Spinner } from '../../components/icons';
import { useI18n } from '../../i18n';
import type { CodeAsk } from './funnel-reports';

export function FunnelCodeAsk({
  ask,
  busy,
  onCancel,
}: {
  ask: CodeAsk;
  busy: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [code, setCode] = useState('');
  const send = () => {
    if (busy || code.length !== 6) return;
    void ask.retry(code);
  };
  return (
    <div
      className="panel funnel-code-ask"
      data-testid="funnel-code-ask"
      data-profile={ask.profile}
      onKeyDown={(event) => {
        // Not a form (it can sit inside the Rotate now form): Enter sends this, not the outer form.
        if (event.key !== 'Enter') return;
        event.preventDefault();
        send();
      }}
    >
      <ProfileCodeField
        id={id}
        testId="funnel-code-ask-input"
        label={t('funnel.codeFor', { name: ask.profile })}
        labelClassName="field-label"
        value={code}
        onDigits={setCode}
        busy={busy}
      />
      <div className="button-row">
        <button
          type="button"
          className="button small"
          data-testid="funnel-code-ask-cancel"
          disabled={busy}
          onClick={onCancel}
        >
          {t('funnel.codeCancel')}
        </button>
        <button
          type="button"
          className="button small primary"
          data-testid="funnel-code-ask-send"
          disabled={busy || code.length !== 6}
          onClick={send}
        >
          {busy ? <Spinner /> : null}
          {t('funnel.codeContinue')}
        </button>
      </div>
    </div>
  );
}
