import type { ProfileDto } from '../../../src/shared/ipc-contract';

/** A profile row (as the core's status and the popup show it) with sensible defaults: an AWS profile. */
export function fakeProfile(name: string, fields: Partial<ProfileDto> = {}): ProfileDto {
  return {
    name,
    kind: 'aws',
    state: 'none',
    expiresAt: null,
    target: `${name}-mfa`,
    delivery: 'file',
    region: 'us-east-1',
    durationSeconds: 43200,
    mfaSerial: `arn:aws:iam::123456789012:mfa/${name}`,
    accountId: '123456789012',
    accessKeyIdSuffix: 'WXYZ',
    ...fields,
  };
}

/** A SORACOM profile row: its session goes to `soracom` through credential_process, no MFA serial. */
export function fakeSoracomProfile(name: string, fields: Partial<ProfileDto> = {}): ProfileDto {
  return fakeProfile(name, {
    kind: 'soracom',
    target: name,
    delivery: 'process',
    region: 'jp',
    durationSeconds: 86400,
    mfaSerial: null,
    accountId: null,
    accessKeyIdSuffix: null,
    ...fields,
  });
}
