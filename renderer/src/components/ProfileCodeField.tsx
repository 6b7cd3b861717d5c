/**
 * The one code a rotation run asks for, naming the AWS profile whose MFA device it is from: a label saying
 * "Code for X" and the 6-digit field. The key rotation and the Funnel rotation both ask it this way.
 */
import { CodeInput } from './CodeInput';

export interface ProfileCodeFieldProps {
  id: string;
  testId: string;
  /** The label, naming the profile. */
  label: string;
  /** The label's class: the Funnel panel's field label or the rotation form's larger code label. */
  labelClassName: 'field-label' | 'otp-label';
  ariaLabel?: string;
  value: string;
  onDigits: (digits: string) => void;
  busy: boolean;
}

export function ProfileCodeField(props: ProfileCodeFieldProps) {
  return (
    <>
      <label className={props.labelClassName} htmlFor={props.id}>
        {props.label}
      </label>
      <CodeInput
        id={props.id}
        testId={props.testId}
        value={props.value}
        onDigits={props.onDigits}
        busy={props.busy}
        ariaLabel={props.ariaLabel}
        autoFocus
      />
    </>
  );
}
