import { classifyAwsError, type ServerClockProbe } from '../aws-client';
import { MfaTrayError } from '../errors';
import type { AssumeRoleRequest } from './role-sts';

/**
 * Why AWS refused an AssumeRole, as far as can be told. AWS answers an unknown role, a trust policy that
 * does not name the caller, a missing MFA condition and a wrong external id with the same AccessDenied
 * ("User: … is not authorized to perform: sts:AssumeRole on resource: …"), so the request decides which
 * explanation fits: without MFA context the MFA condition is the usual cause; with an external id, that id.
 */
export const ROLE_DENIAL_REASONS = [
  'role-mfa-required',
  'role-external-id',
  'role-not-trusted',
  'role-chaining-cap',
  'role-max-duration',
  'role-arn-invalid',
] as const;
export type RoleDenialReason = (typeof ROLE_DENIAL_REASONS)[number];

export const CHAINING_CAP_MESSAGE =
  'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';

export interface AssumeRoleErrorContext {
  request: AssumeRoleRequest;
  /** Whether the caller's credentials carry MFA (a session from GetSessionToken with a code). */
  sessionHasMfa?: boolean;
  probe?: ServerClockProbe;
  now?: () => number;
}

export function classifyAssumeRoleError(error: unknown, ctx: AssumeRoleErrorContext): MfaTrayError {
  if (error instanceof MfaTrayError) return error;
  const e = (error ?? {}) as { name?: string; message?: string };
  const awsCode = e.name ?? 'Error';
  const message = e.message ?? '';
  const { request } = ctx;
  const withMfa = request.serialNumber !== undefined || ctx.sessionHasMfa === true;
  const denied = (reason: RoleDenialReason, text: string, hint: string) =>
    new MfaTrayError('access-denied', text, { awsCode, reason, hint }, { cause: error });
  const invalid = (reason: RoleDenialReason, text: string, hint: string) =>
    new MfaTrayError('invalid-input', text, { awsCode, reason, hint }, { cause: error });

  if (/session limit for roles assumed by role chaining/i.test(message)) {
    return invalid(
      'role-chaining-cap',
      `AWS caps roles assumed from a session (role chaining) at 1 hour; ${request.durationSeconds} s was asked for ${request.roleArn}.`,
      'Set the role duration to 3600 s or less, or let mfa-tray assume it with an MFA code directly.',
    );
  }
  if (/MaxSessionDuration/i.test(message)) {
    return invalid(
      'role-max-duration',
      `The role ${request.roleArn} allows shorter sessions than the ${request.durationSeconds} s asked for.`,
      "Lower the role's --duration, or raise the role's maximum session duration in IAM.",
    );
  }
  if (awsCode === 'ValidationError' && /roleArn/i.test(message)) {
    return invalid(
      'role-arn-invalid',
      `"${request.roleArn}" is not a role ARN.`,
      'A role ARN looks like arn:aws:iam::123456789012:role/NAME.',
    );
  }
  if (/MultiFactorAuthentication failed|invalid MFA one time pass code/i.test(message)) {
    return classifyAwsError(error, {
      operation: 'Assuming the role',
      probe: ctx.probe,
      now: ctx.now,
      withCode: true,
    });
  }
  if (awsCode === 'AccessDenied' && /sts:AssumeRole/.test(message)) {
    if (!withMfa) {
      return denied(
        'role-mfa-required',
        `AWS refused ${request.roleArn} to a caller without MFA: its trust policy requires aws:MultiFactorAuthPresent.`,
        'Give the source profile an MFA device (mfa-tray mfa create …) and log in with a code.',
      );
    }
    if (request.externalId !== undefined) {
      return denied(
        'role-external-id',
        `AWS refused ${request.roleArn}: the external id does not match the one its trust policy expects (or the role does not trust this user).`,
        'Check --external-id with the role owner.',
      );
    }
    return denied(
      'role-not-trusted',
      `AWS refused ${request.roleArn}: the role does not exist, or its trust policy does not allow this user to assume it.`,
      "Check the role ARN, and that the role's trust policy names this user or its account.",
    );
  }
  return classifyAwsError(error, { operation: 'Assuming the role', probe: ctx.probe, now: ctx.now });
}
