/**
 * Where an MFA device's ARN is asked for, its name will do: `phone` means arn:aws:iam::ACCOUNT:mfa/phone in
 * the account of the profile's keys — taken from the profile's current device ARN when it has one, else
 * asked of STS (GetCallerIdentity, which needs no permission).
 */
import type { MfaTrayCore } from '../core/mfa-tray-core';
import { DEVICE_NAME_WITH_PATH_PATTERN } from '../core/rules/mfa-device-rules';
import { HARDWARE_MFA_SERIAL_PATTERN } from '../core/rules/profile-rules';

export interface Account {
  partition: string;
  accountId: string;
}

/** The account an MFA device ARN lives in (undefined for a hardware serial, or nothing). */
export function accountOfSerial(serial: string | null | undefined): Account | undefined {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}):mfa\//.exec(serial ?? '');
  return match ? { partition: match[1], accountId: match[2] } : undefined;
}

/**
 * Whether `input` is a device name to be turned into an ARN. ARNs pass as they are; so do hardware serials
 * where the command takes them (resync, remove), and anything malformed (the core explains what is wrong).
 */
export function isDeviceName(input: string, options: { hardwareSerials: boolean }): boolean {
  if (input.startsWith('arn:')) return false;
  if (options.hardwareSerials && HARDWARE_MFA_SERIAL_PATTERN.test(input)) return false;
  return DEVICE_NAME_WITH_PATH_PATTERN.test(input);
}

export function deviceArn(name: string, account: Account): string {
  return `arn:${account.partition}:iam::${account.accountId}:mfa/${name.replace(/^\//, '')}`;
}

/** `input` as a device serial for profile `profileName`: an ARN or hardware serial as is, a name resolved. */
export async function resolveDeviceSerial(
  core: MfaTrayCore,
  profileName: string,
  input: string,
  options: { hardwareSerials: boolean },
): Promise<string> {
  if (!isDeviceName(input, options)) return input;
  const profile = core.profileStatus(profileName);
  const known = accountOfSerial(profile.mfaSerial);
  if (known) return deviceArn(input, known);
  const { getCallerIdentity } = await import('../core/aws/sts.js');
  const identity = await getCallerIdentity(await core.baseKeys(profileName), {
    region: profile.region,
    env: core.env,
    now: () => core.clock.now(),
  });
  return deviceArn(input, { partition: identity.arn.split(':')[1] || 'aws', accountId: identity.account });
}
