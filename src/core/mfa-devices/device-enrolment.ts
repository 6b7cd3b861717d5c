/**
 * Setting up a virtual MFA device: create it (QR code and seed, remembered as an unfinished setup), enable
 * it with two consecutive codes (or codes computed from the seed, for the built-in authenticator), or
 * abandon it — deleting it while still unassigned, so no orphan is left behind.
 */
import { MAX_MFA_DEVICES_PER_USER } from '../aws/iam-errors';
import type { BuiltInAuthenticator } from '../codes/built-in-authenticator';
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import { normaliseSeed, otpauthUri, renderQr, seedFromAwsBlob } from '../otpauth';
import { assertMfaSerial } from '../profile-validation';
import type { ProfileStore } from '../profiles';
import { generateCode, hashCode, normaliseCode, secondsUntilNextCode, TOTP_PERIOD_SECONDS } from '../totp';
import type { Note } from '../../shared/notes';
import type { DeviceSetups } from './device-setups';
import type { IamDevices } from './iam-devices';
import { checkDeviceName, checkDevicePath } from '../rules/mfa-device-rules';
import type { ProfileSessions } from './mfa-device-service';
import type { AbandonResult, CreatedVirtualDevice, EnableResult } from './results';

export interface DeviceEnrolmentDeps {
  readonly profiles: ProfileStore;
  readonly clock: Clock;
  readonly aws: IamDevices;
  readonly setups: DeviceSetups;
  readonly authenticator: BuiltInAuthenticator;
  readonly sessions: Pick<ProfileSessions, 'profileStatus'>;
}

/** Two codes as AWS wants them: 6 digits each, and not the same one twice. */
export function checkCodes(code1: string, code2: string, nowMs: number): [string, string] {
  const c1 = normaliseCode(code1);
  const c2 = normaliseCode(code2);
  if (!c1 || !c2) {
    throw new MfaTrayError('invalid-input', 'Each MFA code is 6 digits.', {
      hint: 'Type the 6-digit codes your authenticator app shows, one after the other.',
    });
  }
  if (c1 === c2) {
    const wait = secondsUntilNextCode(nowMs);
    throw new MfaTrayError(
      'invalid-auth-codes',
      'The two codes are the same: AWS needs two consecutive codes.',
      {
        secondsUntilNextCode: wait,
        hint: `Enter the code shown now, then wait until the app shows the next one (in ${wait} s) and enter that.`,
      },
    );
  }
  return [c1, c2];
}

export class DeviceEnrolment {
  constructor(private readonly deps: DeviceEnrolmentDeps) {}

  async create(
    profileName: string,
    deviceName: string,
    options: { path?: string } = {},
  ): Promise<CreatedVirtualDevice> {
    checkDeviceName(deviceName, { quote: true });
    const path = checkDevicePath(options.path ?? '/', { quote: true });
    const profile = this.deps.profiles.get(profileName);
    const caller = await this.deps.aws.caller(profile);

    // A ninth device could be created but never enabled: refuse before leaving an orphan behind.
    let assignedCount: number | undefined;
    try {
      assignedCount = (await this.deps.aws.listAssigned(profile, caller)).length;
    } catch (error) {
      if (!(error instanceof MfaTrayError) || !['access-denied', 'mfa-session-required'].includes(error.kind))
        throw error;
    }
    if (assignedCount !== undefined && assignedCount >= MAX_MFA_DEVICES_PER_USER) {
      throw new MfaTrayError(
        'mfa-device-limit',
        `IAM user ${caller.userName} already has ${assignedCount} MFA devices, the most AWS allows (${MAX_MFA_DEVICES_PER_USER}).`,
        {
          hint: `Remove one you no longer use first: \`mfa-tray mfa list --profile ${profile.name}\`, then \`mfa-tray mfa remove SERIAL --profile ${profile.name}\`.`,
        },
      );
    }

    const fullName = `${path}${deviceName}`;
    const { CreateVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
    const out = await this.deps.aws.call(
      profile,
      {
        action: 'iam:CreateVirtualMFADevice',
        resource: this.deps.aws.mfaArn(caller, '*'),
        what: 'create a virtual MFA device',
      },
      (client) =>
        client.send(
          new CreateVirtualMFADeviceCommand({
            VirtualMFADeviceName: deviceName,
            ...(path !== '/' ? { Path: path } : {}),
          }),
        ),
      {
        EntityAlreadyExists: () =>
          new MfaTrayError(
            'entity-exists',
            `A virtual MFA device named "${fullName}" already exists in account ${caller.accountId}.`,
            {
              hint: `Choose another name. If it is left over from an unfinished setup, \`mfa-tray mfa list --profile ${profile.name}\` shows it as unassigned and \`mfa-tray mfa remove SERIAL --profile ${profile.name}\` deletes it.`,
            },
          ),
        LimitExceeded: (message) =>
          new MfaTrayError(
            'mfa-device-limit',
            `AWS refused to create another virtual MFA device: ${message}`,
            {
              hint: `Delete unassigned devices (\`mfa-tray mfa list --profile ${profile.name}\` shows them) or ask your administrator to raise the account's quota.`,
            },
          ),
      },
    );
    const serialNumber = out.VirtualMFADevice?.SerialNumber;
    if (!serialNumber)
      throw new MfaTrayError('server', 'AWS answered CreateVirtualMFADevice without a serial number.');
    try {
      const seedBase32 = seedFromAwsBlob(out.VirtualMFADevice?.Base32StringSeed);
      const uri = otpauthUri({ seedBase32, deviceName, account: caller.accountId });
      const qr = await renderQr(uri);
      const pendingUntil = this.deps.setups.add({
        profile: profile.name,
        serialNumber,
        deviceName,
        seed: seedBase32,
        createdAt: this.deps.clock.now(),
      });
      return {
        serialNumber,
        deviceName,
        userName: caller.userName,
        accountId: caller.accountId,
        otpauthUri: uri,
        seedBase32,
        qr,
        pendingUntil: new Date(pendingUntil).toISOString(),
      };
    } catch (error) {
      // Nobody could ever enable it: do not leave it behind.
      await this.abandon(profile.name, serialNumber).catch(() => undefined);
      throw error;
    }
  }

  /**
   * EnableMFADevice with two consecutive codes for the profile's IAM user; on success the profile logs in
   * with this device from now on. `builtInAuthenticator` keeps the seed in the keychain (explicit opt-in):
   * the seed is the one from create() in this process, or `seedBase32`.
   */
  async enable(
    profileName: string,
    serialNumber: string,
    code1: string,
    code2: string,
    options: { builtInAuthenticator?: boolean; seedBase32?: string } = {},
  ): Promise<EnableResult> {
    assertMfaSerial(serialNumber);
    const [c1, c2] = checkCodes(code1, code2, this.deps.clock.now());
    const profile = this.deps.profiles.get(profileName);
    let seed: string | undefined;
    if (options.builtInAuthenticator) {
      seed =
        options.seedBase32 !== undefined
          ? normaliseSeed(options.seedBase32)
          : this.deps.setups.get(serialNumber)?.seed;
      if (!seed) {
        throw new MfaTrayError(
          'invalid-input',
          options.seedBase32 !== undefined
            ? 'That is not a base32 MFA secret (the text key shown under the QR code).'
            : 'The secret of this device is only known while it is being set up here.',
          { hint: 'Turn the built-in authenticator on while creating the device, or give its secret key.' },
        );
      }
    }
    const caller = await this.deps.aws.caller(profile);
    const { EnableMFADeviceCommand } = await import('@aws-sdk/client-iam');
    await this.deps.aws.call(
      profile,
      {
        action: 'iam:EnableMFADevice',
        resource: this.deps.aws.userArn(caller),
        what: 'enable the MFA device',
      },
      (client) =>
        client.send(
          new EnableMFADeviceCommand({
            UserName: caller.userName,
            SerialNumber: serialNumber,
            AuthenticationCode1: c1,
            AuthenticationCode2: c2,
          }),
        ),
      {
        EntityAlreadyExists: () =>
          new MfaTrayError('entity-exists', `${serialNumber} is already enabled for an IAM user.`, {
            hint: `See \`mfa-tray mfa list --profile ${profile.name}\`.`,
          }),
        NoSuchEntity: () =>
          new MfaTrayError(
            'mfa-device-not-found',
            `There is no virtual MFA device ${serialNumber} in account ${caller.accountId}.`,
            {
              hint: `It may have been deleted; create a new one with \`mfa-tray mfa create DEVICE_NAME --profile ${profile.name}\`.`,
            },
          ),
        LimitExceeded: () =>
          new MfaTrayError(
            'mfa-device-limit',
            `IAM user ${caller.userName} already has ${MAX_MFA_DEVICES_PER_USER} MFA devices, the most AWS allows.`,
            {
              hint: `Remove one first (\`mfa-tray mfa list --profile ${profile.name}\`), then enable this one with two new codes.`,
            },
          ),
      },
    );

    const previousSerial = profile.mfaSerial && profile.mfaSerial !== serialNumber ? profile.mfaSerial : null;
    const notes: Note[] = [];
    if (previousSerial) {
      notes.push({
        code: 'login-device-replaced',
        profile: profile.name,
        previousSerial,
        serialNumber,
        userName: caller.userName,
      });
    }
    const usedAt = new Date(this.deps.clock.now()).toISOString();
    await this.deps.profiles.updateProfile(profile.name, (p) => {
      p.mfaSerial = serialNumber;
      // AWS has consumed the second code: a login with it would fail like a wrong code.
      p.lastCode = { hash: hashCode(serialNumber, c2), usedAt };
    });
    if (seed) {
      await this.deps.authenticator.store(profile.name, { serialNumber, seed });
    } else {
      const stored = await this.deps.authenticator.read(profile.name);
      if (stored && stored.serialNumber !== serialNumber) {
        await this.deps.authenticator.forget(profile.name);
        notes.push({ code: 'authenticator-secret-deleted' });
      }
    }
    this.deps.setups.delete(serialNumber);
    return {
      serialNumber,
      userName: caller.userName,
      profile: this.deps.sessions.profileStatus(profile.name),
      previousSerial,
      builtInAuthenticator: seed !== undefined,
      notes,
    };
  }

  /**
   * Enables a device whose seed we hold (from create(), or given) with codes computed here, and keeps the
   * seed as the profile's built-in authenticator. Only after the user's explicit opt-in.
   */
  async enableWithBuiltInAuthenticator(
    profileName: string,
    serialNumber: string,
    seedBase32?: string,
  ): Promise<EnableResult> {
    const seed =
      seedBase32 !== undefined ? normaliseSeed(seedBase32) : this.deps.setups.get(serialNumber)?.seed;
    if (!seed) {
      throw new MfaTrayError('invalid-input', 'The secret of this device is not known here.', {
        hint: 'Give the secret key shown when the device was created, or create a new device.',
      });
    }
    const step = Math.floor(this.deps.clock.now() / 1000 / TOTP_PERIOD_SECONDS);
    // AWS accepts the pair ending in the current window (±1); the previous and the current one are safe.
    let c1 = await generateCode(seed, (step - 1) * TOTP_PERIOD_SECONDS * 1000);
    let c2 = await generateCode(seed, step * TOTP_PERIOD_SECONDS * 1000);
    if (c1 === c2) {
      c1 = await generateCode(seed, (step - 2) * TOTP_PERIOD_SECONDS * 1000);
      c2 = await generateCode(seed, (step - 1) * TOTP_PERIOD_SECONDS * 1000);
    }
    return this.enable(profileName, serialNumber, c1, c2, { builtInAuthenticator: true, seedBase32: seed });
  }

  /**
   * The user gave up on a setup: forget the seed and delete the device if it is still unassigned, so no
   * orphan is left behind. Never deletes a device that is enabled for someone.
   */
  async abandon(profileName: string, serialNumber: string): Promise<AbandonResult> {
    this.deps.setups.delete(serialNumber);
    const profile = this.deps.profiles.get(profileName);
    const caller = await this.deps.aws.caller(profile);
    let assigned: string[] | undefined;
    try {
      assigned = (await this.deps.aws.listAssigned(profile, caller)).map((d) => d.serialNumber);
    } catch (error) {
      if (!(error instanceof MfaTrayError) || !['access-denied', 'mfa-session-required'].includes(error.kind))
        throw error;
    }
    if (assigned?.includes(serialNumber)) {
      return {
        serialNumber,
        deleted: false,
        message: `${serialNumber} is already enabled for ${caller.userName}, so it was kept.`,
      };
    }
    const result = await this.deps.aws
      .deleteVirtual(profile, caller, serialNumber)
      .catch((error: unknown) => {
        if (error instanceof MfaTrayError && error.kind === 'mfa-device-not-found') return 'gone' as const;
        throw error;
      });
    return result === 'gone'
      ? { serialNumber, deleted: false, message: `${serialNumber} does not exist any more.` }
      : {
          serialNumber,
          deleted: true,
          message: `Deleted the unfinished MFA device ${serialNumber}; nothing is left behind.`,
        };
  }

  /** Abandons every setup this process started and did not finish (the tray calls this when its window closes). */
  async abandonAllPending(): Promise<AbandonResult[]> {
    const results: AbandonResult[] = [];
    for (const setup of this.deps.setups.list()) {
      try {
        results.push(await this.abandon(setup.profile, setup.serialNumber));
      } catch (error) {
        results.push({
          serialNumber: setup.serialNumber,
          deleted: false,
          message: error instanceof MfaTrayError ? error.toOneLine() : 'Could not delete it.',
        });
      }
    }
    return results;
  }
}
