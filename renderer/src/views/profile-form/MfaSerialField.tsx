/**
 * The MFA device field with "Detect": asks IAM which device the keys (typed, or the stored ones when editing)
 * belong to, fills the field with its ARN, and says what it found or why not.
 */
import { useState } from 'react';
import type { DetectSerialRequest } from '../../../../src/shared/ipc-contract';
import type { Note } from '../../../../src/shared/notes';
import { call } from '../../api/api';
import type { FieldErrors } from '../../components/form';
import { Spinner } from '../../components/icons';
import { ErrorMessage, Field } from '../../components/ui';
import { failureOf, type Failure } from '../../errors';
import { noteText, useI18n, type MessageKey } from '../../i18n';
import { shortDevice } from '../StatusView';
import type { FormField } from './profile-form-fields';

export function MfaSerialField(props: {
  form: FieldErrors<FormField>;
  /** Edit mode: the stored profile's name (its stored keys are used when none are typed). */
  editingName: string | undefined;
  accessKeyId: string;
  secret: string;
  region: string;
  mfaSerial: string;
  setMfaSerial: (serial: string) => void;
}) {
  const { t } = useI18n();
  const { form, accessKeyId, secret, region, mfaSerial, setMfaSerial } = props;
  const f = form.id;
  const editing = props.editingName !== undefined;
  const [detecting, setDetecting] = useState(false);
  const [detect, setDetect] = useState<{
    notes: Note[];
    error?: Failure;
    message?: MessageKey;
    /** The device found, by name (the field holds its ARN). */
    found?: string;
  } | null>(null);

  const runDetect = async () => {
    const request: DetectSerialRequest = {};
    if (accessKeyId.trim() && secret) {
      request.accessKeyId = accessKeyId.trim();
      request.secretAccessKey = secret;
    } else if (editing && !accessKeyId.trim()) {
      request.name = props.editingName;
    } else {
      setDetect({ notes: [], message: 'form.detectNeedsKeys' });
      return;
    }
    if (region.trim()) request.region = region.trim();
    setDetecting(true);
    setDetect(null);
    const result = await call('profiles:detect-serial', request);
    setDetecting(false);
    if (!result.ok) {
      setDetect({ notes: [], error: failureOf(result.error) });
    } else if (result.value.serial) {
      setMfaSerial(result.value.serial);
      setDetect({
        notes: result.value.notes,
        found: shortDevice(result.value.serial) ?? result.value.serial,
      });
    } else {
      setDetect({ notes: result.value.notes, message: 'form.detectNone' });
    }
  };

  return (
    <>
      <Field
        label={t('form.mfaSerial')}
        htmlFor={f('serial')}
        help={editing ? undefined : t('form.mfaSerialHelp')}
        error={form.errorFor('serial')}
        action={
          <button
            type="button"
            className="button"
            data-testid="detect-serial"
            onClick={() => void runDetect()}
            disabled={detecting}
          >
            {detecting ? <Spinner /> : null}
            {t(detecting ? 'form.detecting' : 'form.detect')}
          </button>
        }
      >
        <input
          id={f('serial')}
          data-testid="field-mfa-serial"
          className="input mono"
          aria-invalid={form.isInvalid('serial')}
          aria-describedby={form.describedBy('serial', !editing)}
          value={mfaSerial}
          onChange={(e) => {
            setMfaSerial(e.target.value);
            form.edited('serial');
          }}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      {detect ? (
        <div className="detect-result" data-testid="detect-result">
          {detect.found ? (
            <p className="detect-found" data-testid="detect-found" title={mfaSerial}>
              {t('form.detectFound', { device: detect.found })}
            </p>
          ) : null}
          {detect.error ? <ErrorMessage error={detect.error.error} receivedAt={detect.error.at} /> : null}
          {detect.message ? (
            <div className="message message-warning">
              <p className="message-text">{t(detect.message)}</p>
            </div>
          ) : null}
          {detect.notes.length > 0 ? (
            <div className="message message-info">
              {detect.notes.map((note, i) => (
                <p className="message-detail" key={i}>
                  {noteText(t, note)}
                </p>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
