/**
 * The one field a 6-digit code is typed or pasted into: digits only ("123 456" → "123456"), at most six, the
 * numeric keypad on touch screens, the OS's one-time-code autofill, read-only while the code is checked.
 * Used by the login prompt, the SORACOM MFA setup and both fields of the two-code pair.
 */
import type { RefObject } from 'react';
import { useI18n } from '../i18n';

/** The digits of what was typed or pasted, at most six. */
export function codeDigits(value: string): string {
  return value.replace(/\D/g, '').slice(0, 6);
}

export interface CodeInputProps {
  id: string;
  testId: string;
  value: string;
  /** The field's new content, digits only. */
  onDigits: (digits: string) => void;
  busy: boolean;
  ref?: RefObject<HTMLInputElement | null>;
  /** Extra class (the two-code pair's narrower fields). */
  className?: string;
  ariaLabel?: string;
  invalid?: boolean;
  describedBy?: string | undefined;
  autoFocus?: boolean;
}

export function CodeInput({ ref, ...props }: CodeInputProps) {
  const { t } = useI18n();
  return (
    <input
      ref={ref}
      id={props.id}
      className={props.className ? `otp-input ${props.className}` : 'otp-input'}
      data-testid={props.testId}
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      autoFocus={props.autoFocus}
      spellCheck={false}
      aria-label={props.ariaLabel}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
      placeholder={t('otp.placeholder')}
      value={props.value}
      onChange={(event) => props.onDigits(codeDigits(event.target.value))}
      readOnly={props.busy}
    />
  );
}
