/**
 * The opt-in built-in authenticator: the seed of a profile's MFA device kept in the keychain, so codes
 * come from here instead of a phone (the tray can then refresh without asking). Read
 * BUILT_IN_AUTHENTICATOR_WARNING before turning it on.
 */
import { setTimeout as realSleep } from 'node:timers/promises';
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import { readJsonSecret, secretAccounts, type SecretStore } from '../keychain/secret-store';
import { normaliseSeed } from '../otpauth';
import type { ProfileStore } from '../profiles';
import type { BuiltInAuthenticatorDto } from '../../shared/dto/mfa-devices';
import { CODE_REUSE_WINDOW_MS, generateCode, hashCode, secondsUntilNextCode } from '../totp';

export const BUILT_IN_AUTHENTICATOR_WARNING =
  'The built-in authenticator keeps the MFA secret in this computer’s keychain, next to your access key: ' +
  'both factors then live on this computer, so whoever can use your account on it can log in to AWS as you ' +
  'without your phone. Turn it on only if that is acceptable for this AWS account.';

/** What the tray and `mfa list` show of it (no secret): the IPC DTO itself (src/shared/dto/mfa-devices.ts). */
export type BuiltInAuthenticatorStatus = BuiltInAuthenticatorDto;

/** What the keychain holds for a profile: the device and its seed. */
export interface StoredSeed {
  serialNumber: string;
  seed: string;
}

function isStoredSeed(v: unknown): v is StoredSeed {
  const o = v as Partial<StoredSeed> | null;
  return typeof o?.serialNumber === 'string' && typeof o.seed === 'string';
}

export interface BuiltInAuthenticatorDeps {
  profiles: ProfileStore;
  secrets: SecretStore;
  clock: Clock;
  /** Waits for the next code window (default: a real timer). */
  sleep?: (ms: number) => Promise<unknown>;
}

export class BuiltInAuthenticator {
  private readonly profiles: ProfileStore;
  private readonly secrets: SecretStore;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(deps: BuiltInAuthenticatorDeps) {
    this.profiles = deps.profiles;
    this.secrets = deps.secrets;
    this.clock = deps.clock;
    this.sleep = deps.sleep ?? ((ms) => realSleep(ms));
  }

  /** The kept seed of the profile, if any. */
  async read(profileName: string): Promise<StoredSeed | undefined> {
    return readJsonSecret(this.secrets, secretAccounts.mfaSeed(profileName), isStoredSeed);
  }

  async store(profileName: string, value: StoredSeed): Promise<void> {
    await this.secrets.set(secretAccounts.mfaSeed(profileName), JSON.stringify(value));
  }

  /** Deletes the kept seed; returns whether there was one. */
  async forget(profileName: string): Promise<boolean> {
    return this.secrets.delete(secretAccounts.mfaSeed(profileName));
  }

  /** Keeps the seed of the profile's login device in the keychain. */
  async enable(profileName: string, seedBase32: string): Promise<BuiltInAuthenticatorStatus> {
    const profile = this.profiles.get(profileName);
    if (!profile.mfaSerial) {
      throw new MfaTrayError('no-mfa-device', `The profile "${profile.name}" has no MFA device yet.`, {
        hint: `Set one up with \`mfa-tray mfa create DEVICE_NAME --profile ${profile.name} --built-in-authenticator\`.`,
      });
    }
    const seed = normaliseSeed(seedBase32);
    if (!seed)
      throw new MfaTrayError(
        'invalid-input',
        'That is not a base32 MFA secret (the text key shown under the QR code).',
      );
    await this.store(profile.name, { serialNumber: profile.mfaSerial, seed });
    return this.status(profile.name);
  }

  /** Deletes the kept seed; codes must be typed again. Returns whether there was one. */
  async disable(profileName: string): Promise<boolean> {
    this.profiles.get(profileName);
    return this.forget(profileName);
  }

  async status(profileName: string): Promise<BuiltInAuthenticatorStatus> {
    const profile = this.profiles.get(profileName);
    const stored = await this.read(profile.name);
    return {
      enabled: stored !== undefined,
      serialNumber: stored?.serialNumber ?? null,
      matchesLoginDevice: stored !== undefined && stored.serialNumber === profile.mfaSerial,
    };
  }

  /**
   * The code for the profile's device, as a phone shows it now — or the next one when this one was
   * already used (AWS takes each once), unless told not to wait.
   */
  async code(profileName: string, options: { waitForFreshCode?: boolean } = {}): Promise<string> {
    const profile = this.profiles.get(profileName);
    const stored = await this.read(profile.name);
    if (!stored) {
      throw new MfaTrayError('no-mfa-device', `The built-in authenticator is off for "${profile.name}".`, {
        hint: `Log in with a code: \`mfa-tray login ${profile.name}\`.`,
      });
    }
    if (stored.serialNumber !== profile.mfaSerial) {
      throw new MfaTrayError(
        'invalid-serial',
        `The built-in authenticator holds the secret of ${stored.serialNumber}, but "${profile.name}" logs in with ${profile.mfaSerial ?? 'no device'}.`,
        {
          hint: `Turn it off (\`mfa-tray mfa authenticator off --profile ${profile.name}\`) and log in with a code.`,
        },
      );
    }
    let now = this.clock.now();
    let code = await generateCode(stored.seed, now);
    const used =
      profile.lastCode?.hash === hashCode(stored.serialNumber, code) &&
      now - Date.parse(profile.lastCode.usedAt) < CODE_REUSE_WINDOW_MS;
    if (used && options.waitForFreshCode !== false) {
      await this.sleep(secondsUntilNextCode(now) * 1000 + 250);
      now = this.clock.now();
      code = await generateCode(stored.seed, now);
    }
    return code;
  }
}
