import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ErrorDto, SessionState } from '../../../src/shared/ipc-contract';
import { wordError } from '../errors';
import { useI18n } from '../i18n';
import { useNow } from '../time';
import { BackIcon, CloseIcon } from './icons';

/** State pill: colour plus a dot plus the word, never colour alone. */
export function StateBadge({ name, state }: { name: string; state: SessionState }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${state}`} data-testid={`state-${name}`} data-state={state}>
      {t(`state.${state}`)}
    </span>
  );
}

/** An error from the app, worded through i18n; re-renders each second for "next code in N s". */
export function ErrorMessage({
  error,
  receivedAt,
  testId,
  action,
}: {
  error: ErrorDto;
  receivedAt?: number;
  testId?: string;
  /** The way out the error points at ("Open profile settings"), as a button next to it. */
  action?: { label: string; onClick: () => void } | undefined;
}) {
  const { t, locale } = useI18n();
  const now = useNow();
  const elapsed = receivedAt === undefined ? 0 : Math.max(0, now - receivedAt);
  const worded = wordError(t, error, elapsed, locale);
  return (
    <div className="message message-error" role="alert" data-testid={testId} data-kind={error.kind}>
      <p className="message-text">{worded.text}</p>
      {worded.detail ? <p className="message-detail">{worded.detail}</p> : null}
      {action ? (
        <div className="button-row">
          <button type="button" className="button small" onClick={action.onClick} data-testid="error-action">
            {action.label}
          </button>
        </div>
      ) : null}
    </div>
  );
}

export type NoticeTone = 'success' | 'info' | 'warning';

export interface NoticeData {
  tone: NoticeTone;
  text: string;
  details?: string[];
  /** A command line to show with a Copy button ("Use: aws … --profile work-mfa"). */
  command?: { shown: string; copied: string };
}

export function Notice({ notice, onDismiss }: { notice: NoticeData; onDismiss: () => void }) {
  const { t } = useI18n();
  return (
    <div className={`message message-${notice.tone} notice`} role="status" data-testid="notice">
      <div className="notice-body">
        <p className="message-text">{notice.text}</p>
        {notice.details?.map((d, i) => (
          <p className="message-detail" key={i}>
            {d}
          </p>
        ))}
        {notice.command ? <CommandLine command={notice.command} /> : null}
      </div>
      <button type="button" className="icon-button small" onClick={onDismiss} aria-label={t('app.dismiss')}>
        <CloseIcon />
      </button>
    </div>
  );
}

function CommandLine({ command }: { command: { shown: string; copied: string } }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command.copied);
      setCopied(true);
    } catch {
      // No clipboard (permission refused): the command stays on screen to select by hand.
      setCopied(false);
    }
  };
  return (
    <p className="command-line">
      <span className="nowrap">{t('status.use')}</span>
      <code className="truncate" data-testid="use-command" title={command.shown}>
        {command.shown}
      </code>
      <button
        type="button"
        className="button small"
        data-testid="copy-command"
        data-copied={copied ? 'true' : undefined}
        onClick={() => void copy()}
        title={t('status.copyTitle', { text: command.copied })}
      >
        {t(copied ? 'status.copied' : 'status.copy')}
      </button>
    </p>
  );
}

/** Header of a sub-view: back button, title, and optionally something small on the right (a step count). */
export function ViewHeader({
  title,
  onBack,
  aside,
}: {
  title: string;
  onBack: () => void;
  aside?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <button
        type="button"
        className="icon-button"
        onClick={onBack}
        data-testid="back"
        aria-label={t('app.back')}
        title={t('app.back')}
      >
        <BackIcon />
      </button>
      <h1 className="app-title">{title}</h1>
      {aside}
    </header>
  );
}

/** Esc goes to the innermost registered handler only (a confirmation before its form, a form before the app). */
const escapeStack: Array<{ current: () => void }> = [];
let escapeListening = false;

function onKeyDown(event: KeyboardEvent): void {
  if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
  const top = escapeStack[escapeStack.length - 1];
  if (top) {
    event.preventDefault();
    top.current();
  }
}

export function useEscape(handler: () => void, enabled = true): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const entry = ref;
    escapeStack.push(entry);
    if (!escapeListening) {
      document.addEventListener('keydown', onKeyDown);
      escapeListening = true;
    }
    return () => {
      const i = escapeStack.lastIndexOf(entry);
      if (i >= 0) escapeStack.splice(i, 1);
    };
  }, [enabled]);
}

export function Field({
  label,
  htmlFor,
  help,
  children,
  action,
  error,
}: {
  label: string;
  htmlFor: string;
  help?: ReactNode;
  children: ReactNode;
  action?: ReactNode;
  /** A problem with this field, shown under it. */
  error?: string | null;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={htmlFor}>
        {label}
      </label>
      {action ? (
        <div className="field-row">
          {children}
          {action}
        </div>
      ) : (
        children
      )}
      {error ? (
        <p className="field-error" id={`${htmlFor}-error`} role="alert" data-testid="form-error">
          {error}
        </p>
      ) : null}
      {help ? (
        <p className="field-help" id={`${htmlFor}-help`}>
          {help}
        </p>
      ) : null}
    </div>
  );
}
