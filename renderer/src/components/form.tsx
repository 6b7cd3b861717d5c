/**
 * The pieces the profile form and the SORACOM form share: one field error at a time (shown under its field,
 * cleared as the user types there), text and secret inputs wired to it, the code-command field with the
 * core's rules worded in the popup's language, and the footer — the form's error, Remove with its one
 * confirmation, Save.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import type { ErrorDto } from '../../../src/shared/ipc-contract';
import { isMfaTrayError } from '../../../src/core/errors';
import { CODE_COMMAND_RULES, type CodeCommandRule } from '../../../src/core/rules/code-rules';
import { call } from '../api/api';
import { failureOf, type Failure } from '../errors';
import type { MessageKey, Translate } from '../i18n';
import { ConfirmAction } from './ConfirmAction';
import { Spinner } from './icons';
import { ErrorMessage, Field } from './ui';

/** One field's error at a time, with the ids that tie the message to its input. */
export interface FieldErrors<F extends string> {
  /** The DOM id of a field (or of anything else in the form): unique per form. */
  id: (suffix: string) => string;
  errorFor: (field: F) => string | null;
  isInvalid: (field: F) => boolean;
  /** Shows `text` under `field` and moves the focus there. */
  show: (field: F, text: string) => void;
  clear: () => void;
  /** Typing in a field takes its error away: the message was about what was there before. */
  edited: (field: F) => void;
  describedBy: (field: F, hasHelp: boolean) => string | undefined;
}

export function useFieldErrors<F extends string>(): FieldErrors<F> {
  const base = useId();
  const [invalid, setInvalid] = useState<{ field: F; text: string } | null>(null);
  const id = (suffix: string) => `${base}-${suffix}`;
  return {
    id,
    errorFor: (field) => (invalid?.field === field ? invalid.text : null),
    isInvalid: (field) => invalid?.field === field,
    show: (field, text) => {
      setInvalid({ field, text });
      document.getElementById(id(field))?.focus();
    },
    clear: () => setInvalid(null),
    edited: (field) => setInvalid((current) => (current?.field === field ? null : current)),
    describedBy: (field, hasHelp) =>
      [invalid?.field === field ? `${id(field)}-error` : '', hasHelp ? `${id(field)}-help` : '']
        .filter(Boolean)
        .join(' ') || undefined,
  };
}

export interface TextFieldProps<F extends string> {
  form: FieldErrors<F>;
  field: F;
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  help?: ReactNode;
  /** Monospaced: keys, ARNs, commands. */
  mono?: boolean;
  type?: 'text' | 'email' | 'password';
  placeholder?: string | undefined;
  autoFocus?: boolean;
  required?: boolean;
  /** A button next to the input (Detect). */
  action?: ReactNode;
}

/** A labelled input whose error shows under it and goes away as the user types. */
export function TextField<F extends string>(props: TextFieldProps<F>) {
  const { form, field } = props;
  const id = form.id(field);
  const secret = props.type === 'password';
  return (
    <Field
      label={props.label}
      htmlFor={id}
      help={props.help}
      error={form.errorFor(field)}
      action={props.action}
    >
      <input
        id={id}
        aria-invalid={form.isInvalid(field)}
        aria-describedby={form.describedBy(field, Boolean(props.help))}
        data-testid={props.testId}
        className={props.mono || secret ? 'input mono' : 'input'}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => {
          props.onChange(e.target.value);
          form.edited(field);
        }}
        placeholder={props.placeholder}
        autoComplete={secret ? 'new-password' : 'off'}
        spellCheck={false}
        autoFocus={props.autoFocus}
        required={props.required}
      />
    </Field>
  );
}

/** Commands, shown as they are typed in every language. */
export const CODE_COMMAND_EXAMPLES = ['op item get "AWS" --otp', 'ykman oath accounts code --single NAME'];

/** The core's rules for a code command, worded here (its own sentences are English). */
const CODE_COMMAND_WORDS: Record<CodeCommandRule, MessageKey> = {
  [CODE_COMMAND_RULES.noShell]: 'form.codeCommandNoShell',
  [CODE_COMMAND_RULES.tooLong]: 'form.codeCommandTooLong',
  [CODE_COMMAND_RULES.empty]: 'form.codeCommandEmpty',
};

/** The other rules of the form fields (src/core/rules), by rule id, in the popup's language. */
const RULE_WORDS: Record<string, MessageKey | undefined> = {
  ...CODE_COMMAND_WORDS,
  'profile-name': 'rule.profile-name',
  'access-key-id': 'rule.access-key-id',
  'secret-access-key': 'rule.secret-access-key',
  'temporary-access-key': 'rule.temporary-access-key',
  'mfa-serial': 'rule.mfa-serial',
  region: 'rule.region',
  email: 'rule.email',
  'operator-id': 'rule.operator-id',
  'sam-user-name': 'rule.sam-user-name',
  'auth-key-id': 'rule.auth-key-id',
  'iam-user-name': 'rule.iam-user-name',
  'funnel-prefix': 'rule.funnel-prefix',
};

/**
 * A broken rule an answer names (`field`, `rule`), worded for the form field it is about; `fields` maps the
 * request's field names to the form's. Null when it is about no field of this form: shown as the form's error.
 */
export function fieldProblem<F extends string>(
  t: Translate,
  error: ErrorDto,
  fields: Partial<Record<string, F>>,
): { field: F; text: string } | null {
  if (error.kind !== 'invalid-input' || error.field === undefined) return null;
  const field = fields[error.field];
  if (field === undefined) return null;
  const key = RULE_WORDS[error.rule ?? ''];
  // A code command the core refused for a reason not worded here still belongs next to its field.
  if (key === undefined && error.field !== 'codeCommand') return null;
  return { field, text: t(key ?? 'error.invalid-input') };
}

/**
 * The core's own checks (src/core/rules), run before sending: the first broken one, worded for its field.
 * Each entry is a form field and the check of its value.
 */
export function firstBrokenRule<F extends string>(
  t: Translate,
  checks: readonly (readonly [F, () => unknown])[],
): { field: F; text: string } | null {
  for (const [field, check] of checks) {
    try {
      check();
    } catch (error) {
      if (!isMfaTrayError(error, 'invalid-input')) throw error;
      const key = RULE_WORDS[error.details.rule ?? ''];
      return { field, text: t(key ?? 'error.invalid-input') };
    }
  }
  return null;
}

/** "Code command (optional)": a command that prints the current code, with examples under its help. */
export function CodeCommandField<F extends string>(props: {
  form: FieldErrors<F | 'code-command'>;
  label: string;
  help: string;
  examples?: readonly string[];
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <TextField
      form={props.form}
      field="code-command"
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      testId={props.testId}
      mono
      help={
        <>
          {props.help}
          {props.examples?.map((example) => (
            <code className="example" key={example}>
              {example}
            </code>
          ))}
        </>
      }
    />
  );
}

export interface RemovalProps {
  name: string;
  title: string;
  /** What removing takes away. */
  body: ReactNode;
  removeLabel: string;
  confirmLabel: string;
  busyLabel: string;
  /** The user is told the roles assumed from this profile go too (the core refuses otherwise). */
  withRoles?: boolean;
  onRemoved: (name: string) => void;
}

/** The bottom of a form: its error, then Remove (asking first) and Save — or the confirmation instead. */
export function FormFooter(props: {
  failure: Failure | null;
  onFailure: (failure: Failure) => void;
  /** Edit mode: removing the profile. */
  removal?: RemovalProps | undefined;
  save: { label: string; busyLabel: string; busy: boolean; testId: string };
}) {
  const { removal, save } = props;
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);

  const closeConfirm = () => {
    setConfirming(false);
    // Back to the button that opened the confirmation, for keyboard users.
    requestAnimationFrame(() => removeButton.current?.focus());
  };

  const remove = async () => {
    if (!removal) return;
    setRemoving(true);
    const result = await call(
      'profiles:remove',
      removal.name,
      ...(removal.withRoles ? [{ withRoles: true }] : []),
    );
    setRemoving(false);
    if (result.ok) removal.onRemoved(removal.name);
    else {
      setConfirming(false);
      props.onFailure(failureOf(result.error));
    }
  };

  return (
    <div className="form-footer">
      {props.failure ? (
        <ErrorMessage error={props.failure.error} receivedAt={props.failure.at} testId="form-error" />
      ) : null}
      {confirming && removal ? (
        <ConfirmAction
          title={removal.title}
          confirmLabel={removal.confirmLabel}
          busyLabel={removal.busyLabel}
          busy={removing}
          onConfirm={() => void remove()}
          onCancel={closeConfirm}
          testId="remove-confirm"
          confirmTestId="confirm-remove"
        >
          {removal.body}
        </ConfirmAction>
      ) : (
        <div className="button-row">
          {removal ? (
            <button
              ref={removeButton}
              type="button"
              className="button ghost danger-text"
              data-testid="remove-profile"
              onClick={() => setConfirming(true)}
            >
              {removal.removeLabel}
            </button>
          ) : null}
          <span className="spacer" />
          <button type="submit" className="button primary" data-testid={save.testId} disabled={save.busy}>
            {save.busy ? <Spinner /> : null}
            {save.busy ? save.busyLabel : save.label}
          </button>
        </div>
      )}
    </div>
  );
}
