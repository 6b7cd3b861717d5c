/**
 * Removing an MFA device: what it means (for the confirmation), then DeactivateMFADevice and
 * DeleteVirtualMFADevice, and what follows for the profile (its login device, the kept seed).
 */
import type { BuiltInAuthenticator } from '../codes/built-in-authenticator';
import { MfaTrayError } from '../errors';
import { assertMfaSerial } from '../profile-validation';
import type { ProfileStore } from '../profiles';
import type { Note } from '../../shared/notes';
import type { DeviceSetups } from './device-setups';
import { isVirtual, type IamDevices } from './iam-devices';
import type { ProfileSessions } from './mfa-device-service';
import type { RemovalPlan, RemovalResult } from './results';

export interface DeviceRemovalDeps {
  readonly profiles: ProfileStore;
  readonly aws: IamDevices;
  readonly setups: DeviceSetups;
  readonly authenticator: BuiltInAuthenticator;
  readonly sessions: Pick<ProfileSessions, 'profileStatus'>;
}

export class DeviceRemoval {
  constructor(private readonly deps: DeviceRemovalDeps) {}

  /** What removing a device means, for the confirmation; throws mfa-device-not-found for a stranger's device. */
  async describe(profileName: string, serialNumber: string): Promise<RemovalPlan> {
    assertMfaSerial(serialNumber);
    const profile = this.deps.profiles.get(profileName);
    const caller = await this.deps.aws.caller(profile);
    const assigned = await this.deps.aws.listAssigned(profile, caller);
    const virtual = isVirtual(serialNumber);
    const isLoginDevice = profile.mfaSerial === serialNumber;
    if (!assigned.some((d) => d.serialNumber === serialNumber)) {
      let unassigned: string[] | undefined;
      try {
        unassigned = await this.deps.aws.listUnassigned(profile);
      } catch (error) {
        if (
          !(error instanceof MfaTrayError) ||
          !['access-denied', 'mfa-session-required'].includes(error.kind)
        )
          throw error;
      }
      if ((unassigned && !unassigned.includes(serialNumber)) || !virtual) {
        throw new MfaTrayError(
          'mfa-device-not-found',
          `${serialNumber} is neither an MFA device of IAM user ${caller.userName} nor an unassigned virtual device of account ${caller.accountId}.`,
          { hint: `See \`mfa-tray mfa list --profile ${profile.name}\`.` },
        );
      }
      return {
        serialNumber,
        status: 'unassigned',
        virtual,
        isLoginDevice,
        userName: caller.userName,
        consequences: [
          'It is not enabled for anyone, so nothing stops working; if someone is in the middle of setting it up, their setup fails.',
        ],
        needsSecondConfirmation: false,
      };
    }
    const consequences = [
      `IAM user ${caller.userName} will no longer accept codes from this device (console sign-in included).`,
    ];
    if (assigned.length === 1) {
      consequences.push(
        `It is ${caller.userName}'s only MFA device: until a new one is set up, anything your policies allow only with MFA stops working.`,
      );
    }
    if (isLoginDevice) {
      const session = profile.sessionExpiresAt
        ? ` The current session stays valid until ${profile.sessionExpiresAt}.`
        : '';
      const fallback = assigned.find((d) => d.serialNumber !== serialNumber)?.serialNumber;
      consequences.push(
        fallback
          ? `"${profile.name}" logs in with this device: it will log in with ${fallback} instead.${session}`
          : `"${profile.name}" logs in with this device: \`mfa-tray login ${profile.name}\` and the tray's refresh stop working until another device is set up.${session}`,
      );
    }
    if ((await this.deps.authenticator.read(profile.name))?.serialNumber === serialNumber) {
      consequences.push('The secret kept by the built-in authenticator is deleted from the keychain.');
    }
    if (virtual)
      consequences.push(
        'The virtual device is deleted from AWS: delete its entry in your authenticator app too.',
      );
    return {
      serialNumber,
      status: 'assigned',
      virtual,
      isLoginDevice,
      userName: caller.userName,
      consequences,
      needsSecondConfirmation: isLoginDevice,
    };
  }

  /**
   * DeactivateMFADevice then DeleteVirtualMFADevice (an unassigned device is just deleted). Removing the device
   * the profile logs in with needs `confirmedCurrent` (the second confirmation).
   */
  async remove(
    profileName: string,
    serialNumber: string,
    options: { confirmedCurrent?: boolean } = {},
  ): Promise<RemovalResult> {
    const plan = await this.describe(profileName, serialNumber);
    if (plan.needsSecondConfirmation && !options.confirmedCurrent) {
      throw new MfaTrayError(
        'confirmation-required',
        `${serialNumber} is the device "${profileName}" logs in with. ${plan.consequences.join(' ')}`,
        { hint: 'Confirm a second time to remove it anyway.' },
      );
    }
    const profile = this.deps.profiles.get(profileName);
    const caller = await this.deps.aws.caller(profile);
    const notes: Note[] = [];
    let deactivated = false;
    let deleted = false;
    if (plan.status === 'assigned') {
      const { DeactivateMFADeviceCommand } = await import('@aws-sdk/client-iam');
      await this.deps.aws.call(
        profile,
        {
          action: 'iam:DeactivateMFADevice',
          resource: this.deps.aws.userArn(caller),
          what: 'deactivate the MFA device',
        },
        (client) =>
          client.send(
            new DeactivateMFADeviceCommand({ UserName: caller.userName, SerialNumber: serialNumber }),
          ),
      );
      deactivated = true;
    }
    if (plan.virtual) {
      try {
        await this.deps.aws.deleteVirtual(profile, caller, serialNumber);
        deleted = true;
      } catch (error) {
        if (!deactivated) throw error;
        notes.push({
          code: 'device-not-deleted',
          serialNumber,
          profile: profile.name,
          errorKind: error instanceof MfaTrayError ? error.kind : 'internal',
        });
      }
    }
    this.deps.setups.delete(serialNumber);

    if (profile.mfaSerial === serialNumber) {
      const remaining =
        plan.status === 'assigned'
          ? (await this.deps.aws.listAssigned(profile, caller)).map((d) => d.serialNumber)
          : [];
      const next = remaining.find(isVirtual) ?? remaining[0];
      await this.deps.profiles.updateProfile(profile.name, (p) => {
        if (next) p.mfaSerial = next;
        else delete p.mfaSerial;
        delete p.lastCode;
      });
      notes.push(
        next
          ? { code: 'login-device-now', profile: profile.name, serialNumber: next }
          : { code: 'login-device-none', profile: profile.name },
      );
    }
    const stored = await this.deps.authenticator.read(profile.name);
    if (stored?.serialNumber === serialNumber) {
      await this.deps.authenticator.forget(profile.name);
      notes.push({ code: 'authenticator-secret-deleted' });
    }
    return {
      serialNumber,
      deactivated,
      deleted,
      profile: this.deps.sessions.profileStatus(profile.name),
      notes,
    };
  }
}
