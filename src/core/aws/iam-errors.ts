/** Error classification for the IAM MFA-device calls: AWS's codes become MfaTrayError kinds with advice. */
import { classifyAwsError, type ClassifyContext } from '../aws-client';
import { MfaTrayError } from '../errors';
import { secondsUntilNextCode } from '../totp';

import { MFA_DEVICE_LIMIT as MAX_MFA_DEVICES_PER_USER } from '../rules/mfa-device-rules';

// AWS allows at most this many MFA devices per IAM user; the limit is a rule (src/core/rules).
export { MAX_MFA_DEVICES_PER_USER };

/** Per call, the AWS error codes that mean something more specific there (by code, without "Exception"). */
export type IamErrorOverrides = Partial<Record<string, (message: string) => MfaTrayError>>;

export function classifyIamMfaError(
  error: unknown,
  ctx: ClassifyContext,
  overrides: IamErrorOverrides = {},
): MfaTrayError {
  if (error instanceof MfaTrayError) return error;
  const e = (error ?? {}) as { name?: string; Code?: string; message?: string };
  // SDK v3 names modelled errors after their class (InvalidAuthenticationCodeException); AWS's code lacks the suffix.
  const name = (e.Code ?? e.name ?? '').replace(/Exception$/, '');
  const message = e.message ?? '';
  const override = overrides[name];
  if (override) {
    const mapped = override(message);
    return new MfaTrayError(
      mapped.kind,
      mapped.message,
      { awsCode: name, ...mapped.details },
      { cause: error },
    );
  }
  const now = ctx.now ?? Date.now;
  if (name === 'InvalidAuthenticationCode') {
    if (ctx.probe?.isSkewed()) {
      return new MfaTrayError('clock-skew', `AWS did not accept the two codes. ${ctx.probe.describe()}`, {
        awsCode: name,
        clockOffsetSeconds: ctx.probe.offsetSeconds,
        hint: 'Turn on automatic time (NTP) on this computer and on the phone, then try two new codes.',
      });
    }
    return invalidAuthCodes(now(), name, error);
  }
  if (name === 'LimitExceeded') {
    return new MfaTrayError(
      'mfa-device-limit',
      `AWS refused: a limit on MFA devices is reached (${message}). An IAM user can have at most ${MAX_MFA_DEVICES_PER_USER} MFA devices.`,
      {
        awsCode: name,
        hint: 'Remove a device you no longer use (`mfa-tray mfa list`, `mfa-tray mfa remove`).',
      },
      { cause: error },
    );
  }
  if (name === 'EntityAlreadyExists') {
    return new MfaTrayError('entity-exists', `AWS refused: ${message}`, { awsCode: name }, { cause: error });
  }
  if (name === 'NoSuchEntity') {
    return new MfaTrayError(
      'mfa-device-not-found',
      `AWS does not know that MFA device: ${message}`,
      { awsCode: name, hint: 'See `mfa-tray mfa list` for the devices there are.' },
      { cause: error },
    );
  }
  return classifyAwsError(error, ctx);
}

function invalidAuthCodes(nowMs: number, awsCode?: string, cause?: unknown): MfaTrayError {
  const wait = secondsUntilNextCode(nowMs);
  return new MfaTrayError(
    'invalid-auth-codes',
    'AWS did not accept the two codes. It needs two consecutive codes from this device, each used only once.',
    {
      awsCode,
      secondsUntilNextCode: wait,
      hint: `Enter the code your app shows now, then wait until it changes (in ${wait} s) and enter the new one. Check that the app entry is the one you just scanned.`,
    },
    cause === undefined ? undefined : { cause },
  );
}
