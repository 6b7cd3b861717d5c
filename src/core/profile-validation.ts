/**
 * The checks a profile's fields pass when it is added or edited (name, target, region, duration, delivery,
 * device serial, base keys), and the errors for a name or target that is taken.
 */
import { MfaTrayError, quoteInput } from './errors';
import type { AwsProfiles } from './aws-profiles';
import type { BaseKeys } from './keychain/secret-store';
import {
  MAX_DURATION_SECONDS,
  MFA_SERIAL_PATTERN,
  MIN_DURATION_SECONDS,
  PROFILE_NAME_PATTERN,
  REGION_PATTERN,
  ROOT_MAX_DURATION_SECONDS,
  type ProfileStore,
} from './profiles';

/** The settings a profile is added or edited with, checked in one place. */
export function assertProfileSettings(settings: {
  region: string;
  durationSeconds: number;
  delivery: string;
  mfaSerial: string | undefined;
}): void {
  if (!REGION_PATTERN.test(settings.region)) {
    throw new MfaTrayError(
      'invalid-input',
      `"${quoteInput(settings.region)}" is not an AWS region name (like eu-west-1).`,
    );
  }
  assertDuration(settings.durationSeconds);
  if (settings.delivery !== 'file' && settings.delivery !== 'process') {
    throw new MfaTrayError('invalid-input', 'Delivery must be "file" or "process".');
  }
  if (settings.mfaSerial !== undefined) assertMfaSerial(settings.mfaSerial);
}

export function assertProfileName(name: string, what: string): void {
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw new MfaTrayError(
      'invalid-input',
      `"${quoteInput(name)}" is not a valid ${what}: use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit).`,
    );
  }
}

export function assertDuration(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    throw new MfaTrayError(
      'invalid-input',
      `The session duration must be a whole number of seconds from ${MIN_DURATION_SECONDS} (15 min) to ${MAX_DURATION_SECONDS} (36 h); root sessions are capped at ${ROOT_MAX_DURATION_SECONDS}.`,
    );
  }
}

export function assertMfaSerial(serial: string): void {
  if (!MFA_SERIAL_PATTERN.test(serial)) {
    throw new MfaTrayError(
      'invalid-input',
      `"${quoteInput(serial)}" is not an MFA device serial: expected an ARN like arn:aws:iam::123456789012:mfa/my-phone (or a hardware token's serial).`,
    );
  }
}

export function validateBaseKeys(accessKeyId: string, secretAccessKey: string): BaseKeys {
  const id = accessKeyId.trim();
  const secret = secretAccessKey.trim();
  if (/^ASIA/.test(id)) {
    throw new MfaTrayError(
      'invalid-input',
      'That access key id (ASIA…) belongs to temporary credentials; mfa-tray needs an IAM user’s long-term key (AKIA…).',
    );
  }
  if (!/^[A-Z0-9]{16,128}$/.test(id)) {
    throw new MfaTrayError(
      'invalid-input',
      'That does not look like an access key id (AKIA… , 20 capital letters and digits).',
    );
  }
  if (!/^[A-Za-z0-9/+=]{16,128}$/.test(secret)) {
    throw new MfaTrayError(
      'invalid-input',
      'That does not look like a secret access key (40 characters of letters, digits, / and +).',
    );
  }
  return { accessKeyId: id, secretAccessKey: secret };
}

export function profileExistsError(name: string): MfaTrayError {
  return new MfaTrayError('profile-exists', `An mfa-tray profile named "${name}" already exists.`, {
    hint: `Remove it first with \`mfa-tray profile remove ${name}\`, or pick another name.`,
  });
}

export function targetTakenError(target: string, owner: string): MfaTrayError {
  return new MfaTrayError(
    'aws-file-conflict',
    `The AWS profile "${target}" is already used by mfa-tray profile "${owner}".`,
    { hint: 'Choose another target profile.' },
  );
}

/** Refuses a target AWS profile that another mfa-tray profile uses or that the user already has. */
export async function assertTargetAvailable(
  target: string,
  stores: { readonly profiles: ProfileStore; readonly awsProfiles: AwsProfiles },
  exceptProfile?: string,
): Promise<void> {
  assertProfileName(target, 'target AWS profile');
  const owner = stores.profiles
    .load()
    .profiles.find((p) => 'target' in p && p.target === target && p.name !== exceptProfile);
  if (owner) throw targetTakenError(target, owner.name);
  const taken = await stores.awsProfiles.findForeignTarget(target);
  if (taken) {
    throw new MfaTrayError(
      'aws-file-conflict',
      `The AWS profile "${target}" already exists in ${taken}; mfa-tray will not take it over.`,
      { path: taken, hint: 'Choose another target profile.' },
    );
  }
}
