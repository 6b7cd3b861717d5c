/**
 * The checks a profile's fields pass when it is added or edited (name, target, region, duration, delivery,
 * device serial, base keys), and the errors for a name or target that is taken.
 */
import { MfaTrayError } from './errors';
import type { AwsProfiles } from './aws-profiles';
import type { BaseKeys } from './keychain/secret-store';
import {
  checkAccessKeyId,
  checkDelivery,
  checkDurationSeconds,
  checkMfaSerial,
  checkProfileName,
  checkRegion,
  checkSecretAccessKey,
  isMfaSerial,
} from './rules/profile-rules';
import type { ProfileStore } from './profiles';

/** The settings a profile is added or edited with, checked in one place (the rules: src/core/rules). */
export function assertProfileSettings(settings: {
  region: string;
  durationSeconds: number;
  delivery: string;
  mfaSerial: string | undefined;
}): void {
  checkRegion(settings.region, { quote: true });
  assertDuration(settings.durationSeconds);
  checkDelivery(settings.delivery);
  if (settings.mfaSerial !== undefined) assertMfaSerial(settings.mfaSerial);
}

/** `what` words the thing in the message: "profile name", "target AWS profile". */
export function assertProfileName(name: string, what: string): void {
  checkProfileName(name, { field: what === 'profile name' ? 'name' : 'target', what, quote: true });
}

export function assertDuration(seconds: number): void {
  checkDurationSeconds(seconds);
}

export function assertMfaSerial(serial: string): void {
  if (!isMfaSerial(serial)) checkMfaSerial(serial, { quote: true });
}

export function validateBaseKeys(accessKeyId: string, secretAccessKey: string): BaseKeys {
  return {
    accessKeyId: checkAccessKeyId(accessKeyId),
    secretAccessKey: checkSecretAccessKey(secretAccessKey),
  };
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
