/** Which MFA device a new profile logs in with, found from its keys (`profile add` without --mfa-serial). */
import type { BaseKeys } from '../keychain/secret-store';
import type { Note } from '../../shared/notes';

/**
 * The ListMFADevices answer for the key's own user, or undefined with a note when there is none. Also
 * proves the key pair works before anything is stored.
 */
export async function discoverMfaSerial(
  base: BaseKeys,
  region: string,
  notes: Note[],
  profileName: string,
  context: { env: NodeJS.ProcessEnv; now: () => number },
): Promise<string | undefined> {
  const { listMyMfaDevices } = await import('./iam.js');
  const { getCallerIdentity } = await import('./sts.js');
  const options = { region, env: context.env, now: context.now };
  // Copies: the SDK writes its own fields into the credentials object it is given.
  const caller = await getCallerIdentity({ ...base }, options);
  const devices = await listMyMfaDevices({ ...base }, options, caller.arn);
  if (devices.length === 0) {
    notes.push({ code: 'no-mfa-device', profile: profileName });
    return undefined;
  }
  if (devices.length > 1) {
    const virtual = devices.filter((d) => d.serialNumber.includes(':mfa/'));
    const pick = virtual[0] ?? devices[0];
    notes.push({ code: 'several-mfa-devices', count: devices.length, chosen: pick.serialNumber });
    return pick.serialNumber;
  }
  return devices[0].serialNumber;
}
