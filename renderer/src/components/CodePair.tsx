/**
 * Two consecutive MFA codes, as EnableMFADevice and ResyncMFADevice want them: the code shown now, then —
 * once the authenticator's 30-s window turns — the next one. A countdown to that turn tells the user how
 * long to wait. Used by the setup wizard (enable) and the device list (resync).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { ErrorDto } from '../../../src/shared/ipc-contract';
import { failureOf, type Failure } from '../errors';
import { useI18n } from '../i18n';
import { useNow } from '../time';
import { CodeInput } from './CodeInput';
import { Spinner } from './icons';
import { ErrorMessage } from './ui';

const WINDOW_MS = 30_000;

/** After these the codes are spent or wrong: clear both and start again from the first. */
const RESTART_ON = new Set(['invalid-auth-codes', 'clock-skew', 'invalid-input']);

export interface CodePairProps {
  /** Sends the codes; resolves with the error to show, or null when done. */
  submit: (code1: string, code2: string) => Promise<ErrorDto | null>;
  submitLabel: string;
  busyLabel: string;
  submitTestId: string;
  cancelLabel: string;
  cancelTestId: string;
  onCancel: () => void;
  /** Extra content above the buttons (the built-in authenticator opt-in). */
  children?: ReactNode;
  /** Called with true while the codes are being checked. */
  onBusyChange?: (busy: boolean) => void;
}

export function CodePair(props: CodePairProps) {
  const { t } = useI18n();
  const now = useNow();
  const id = useId();
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  /** When the first code was complete: the next code comes with the next 30-s window after it. */
  const [code1At, setCode1At] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [problem, setProblem] = useState<'same' | 'short' | null>(null);
  const code1Ref = useRef<HTMLInputElement>(null);
  const code2Ref = useRef<HTMLInputElement>(null);
  const busyRef = useRef(false);

  useEffect(() => {
    code1Ref.current?.focus();
  }, []);

  const onCode1 = (digits: string) => {
    if (busyRef.current) return;
    setCode1(digits);
    setProblem(null);
    if (digits.length === 6 && code1.length !== 6) {
      setCode1At(Date.now());
      code2Ref.current?.focus();
    } else if (digits.length !== 6) {
      setCode1At(null);
    }
  };

  const onCode2 = (digits: string) => {
    if (busyRef.current) return;
    setCode2(digits);
    setProblem(null);
  };

  const restart = () => {
    setCode1('');
    setCode2('');
    setCode1At(null);
    code1Ref.current?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busyRef.current) return;
    setFailure(null);
    if (code1.length !== 6 || code2.length !== 6) {
      setProblem('short');
      (code1.length !== 6 ? code1Ref : code2Ref).current?.focus();
      return;
    }
    if (code1 === code2) {
      setProblem('same');
      setCode2('');
      code2Ref.current?.focus();
      return;
    }
    busyRef.current = true;
    setBusy(true);
    props.onBusyChange?.(true);
    const error = await props.submit(code1, code2);
    busyRef.current = false;
    setBusy(false);
    props.onBusyChange?.(false);
    if (!error) return;
    setFailure(failureOf(error));
    if (RESTART_ON.has(error.kind)) restart();
  };

  const nextWindowAt = code1At === null ? null : (Math.floor(code1At / WINDOW_MS) + 1) * WINDOW_MS;
  const wait = nextWindowAt === null ? 0 : Math.max(0, Math.ceil((nextWindowAt - now) / 1000));
  const errorId = `${id}-error`;

  return (
    <form className="code-pair" onSubmit={(e) => void onSubmit(e)} noValidate>
      <CodeRow
        step={1}
        id={`${id}-1`}
        label={t('mfa.code1')}
        ref={code1Ref}
        value={code1}
        onChange={onCode1}
        readOnly={busy}
        invalid={failure !== null || problem === 'short'}
        describedBy={failure || problem ? errorId : undefined}
      />
      <p
        className={`code-wait ${code1At === null ? 'code-wait-idle' : wait > 0 ? 'code-wait-waiting' : 'code-wait-ready'}`}
        data-testid="mfa-next-window"
        role="timer"
        aria-live="polite"
      >
        {code1At === null
          ? '\u00a0'
          : wait > 0
            ? t('mfa.nextWindow', { seconds: wait })
            : t('mfa.nextWindowReady')}
      </p>
      <CodeRow
        step={2}
        id={`${id}-2`}
        label={t('mfa.code2')}
        ref={code2Ref}
        value={code2}
        onChange={onCode2}
        readOnly={busy}
        invalid={problem === 'same' || (problem === 'short' && code2.length !== 6)}
        describedBy={failure || problem ? errorId : undefined}
      />
      {/* Right under the codes it is about, where the eyes are. */}
      <div id={errorId}>
        {failure ? (
          <ErrorMessage error={failure.error} receivedAt={failure.at} testId="mfa-error" />
        ) : problem ? (
          <div className="message message-error" role="alert" data-testid="mfa-error" data-kind={problem}>
            <p className="message-text">{t(problem === 'same' ? 'mfa.sameCode' : 'mfa.needSixDigits')}</p>
          </div>
        ) : null}
      </div>
      {props.children}
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={props.onCancel}
          data-testid={props.cancelTestId}
          disabled={busy}
        >
          {props.cancelLabel}
        </button>
        <button type="submit" className="button primary" data-testid={props.submitTestId} disabled={busy}>
          {busy ? <Spinner /> : null}
          {busy ? props.busyLabel : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

/** One numbered code field of the pair (data-testid mfa-code1 / mfa-code2). */
function CodeRow({
  ref,
  ...props
}: {
  ref: RefObject<HTMLInputElement | null>;
  step: 1 | 2;
  id: string;
  label: string;
  value: string;
  onChange: (digits: string) => void;
  readOnly: boolean;
  invalid: boolean;
  describedBy: string | undefined;
}) {
  return (
    <div className="code-row">
      <label className="code-label" htmlFor={props.id}>
        <span className="code-step" aria-hidden="true">
          {props.step}
        </span>
        {props.label}
      </label>
      <CodeInput
        ref={ref}
        id={props.id}
        className="code-input"
        testId={`mfa-code${props.step}`}
        value={props.value}
        onDigits={props.onChange}
        busy={props.readOnly}
        invalid={props.invalid}
        describedBy={props.describedBy}
      />
    </div>
  );
}
