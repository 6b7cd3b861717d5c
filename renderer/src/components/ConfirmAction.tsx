/**
 * The one pattern for destructive actions: one confirmation that says what happens, with Cancel focused (Enter
 * or Esc keeps everything as it is) and the buttons scrolled into view. Used by remove profile, remove MFA
 * device and cancel MFA setup.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Spinner } from './icons';
import { useEscape } from './ui';

export interface ConfirmActionProps {
  title: string;
  /** The consequences: a sentence or a list. */
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** Default "Cancel"; e.g. "Continue setup" where "Cancel" would read as the destructive action. */
  cancelLabel?: string;
  busy?: boolean;
  /** Set while the confirmation waits for something it needs before it can proceed (a plan loading). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
  confirmTestId?: string;
  /** An error of the action, shown above its buttons. */
  error?: ReactNode;
  /** A second, milder way to go on, between Cancel and the confirm button ("Keep roles"). */
  alternative?: { label: string; onSelect: () => void; testId?: string };
}

export function ConfirmAction(props: ConfirmActionProps) {
  const { t } = useI18n();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { busy = false } = props;
  useEscape(() => {
    if (!busy) props.onCancel();
  });
  useEffect(() => {
    cancelRef.current?.focus({ preventScroll: true });
    // The whole confirmation, buttons included, in view: nothing to scroll to before deciding — again when
    // it grows (its consequences arrive after it opened).
    const element = box.current;
    if (!element) return undefined;
    const reveal = () => element.scrollIntoView({ block: 'nearest' });
    reveal();
    const observer = new ResizeObserver(reveal);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      className="confirm"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={props.children ? `${id}-body` : undefined}
      data-testid={props.testId}
    >
      <h3 className="confirm-title" id={`${id}-title`}>
        {props.title}
      </h3>
      {props.children ? (
        <div className="confirm-body" id={`${id}-body`}>
          {props.children}
        </div>
      ) : null}
      {props.error}
      <div className="button-row">
        <button
          ref={cancelRef}
          type="button"
          className="button"
          onClick={props.onCancel}
          disabled={busy}
          data-testid="confirm-cancel"
        >
          {props.cancelLabel ?? t('app.cancel')}
        </button>
        {props.alternative ? (
          <button
            type="button"
            className="button"
            onClick={props.alternative.onSelect}
            disabled={busy}
            data-testid={props.alternative.testId}
          >
            {props.alternative.label}
          </button>
        ) : null}
        <button
          type="button"
          className="button danger"
          data-testid={props.confirmTestId}
          onClick={props.onConfirm}
          disabled={busy || props.confirmDisabled}
        >
          {busy ? <Spinner /> : null}
          {busy ? props.busyLabel : props.confirmLabel}
        </button>
      </div>
    </div>
  );
}
