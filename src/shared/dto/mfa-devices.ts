/**
 * A profile's MFA devices: listing, setup, resync, removal and the built-in authenticator.
 * No Node or Electron imports: main, preload and renderer import this.
 */

import type { Note } from '../notes';
import type { ProfileDto } from './profiles';

export interface MfaAssignedDeviceDto {
  serialNumber: string;
  /** ISO 8601: when it was enabled for the user. */
  enableDate: string | null;
  virtual: boolean;
  /** The profile logs in with this device. */
  isLoginDevice: boolean;
  /** The profile's built-in authenticator holds this device's secret. */
  builtInAuthenticator: boolean;
}

/** An unassigned virtual device of the account (an unfinished setup, ours or someone else's). */
export interface MfaOrphanDeviceDto {
  serialNumber: string;
  deviceName: string;
  /** This app is setting it up right now: not really an orphan. */
  setupInProgress: boolean;
}

export interface BuiltInAuthenticatorDto {
  enabled: boolean;
  /** The device whose secret is kept (never the secret). */
  serialNumber: string | null;
  /** False when the kept secret is for another device than the one the profile logs in with. */
  matchesLoginDevice: boolean;
}

export interface MfaDeviceListDto {
  profile: string;
  userName: string;
  accountId: string;
  loginDevice: string | null;
  /** AWS's per-user limit (MFA_DEVICE_LIMIT, src/core/rules). */
  limit: number;
  assigned: MfaAssignedDeviceDto[];
  /** The account's unassigned virtual devices; null when the IAM user may not list them (see orphansUnavailable). */
  orphans: MfaOrphanDeviceDto[] | null;
  orphansUnavailable?: string;
  builtInAuthenticator: BuiltInAuthenticatorDto;
}

export interface MfaCreateRequest {
  name: string;
  /** VirtualMFADeviceName (src/core/rules/mfa-device-rules.ts). */
  deviceName: string;
  /** IAM path, "/" (default) or like "/team/". */
  path?: string;
}

/**
 * The ONLY DTO that carries an MFA secret: a device just created, for the setup screen to show while the
 * user scans it. The renderer keeps it in memory for the setup only (never in storage, never in logs) and
 * drops it when the setup ends; it never sends the seed back. Enable before `pendingUntil`: after it, main
 * deletes the unfinished device.
 */
export interface MfaSetupDto {
  serialNumber: string;
  deviceName: string;
  userName: string;
  accountId: string;
  /** Secret: the base32 seed, for "can't scan? type the key" (show it only when asked). */
  seedBase32: string;
  /** Secret: the QR code (otpauth://totp/… URI) as a PNG data URL. */
  qrPngDataUrl: string;
  /** ISO 8601. */
  pendingUntil: string;
}

export interface MfaEnableRequest {
  name: string;
  serialNumber: string;
  /** Two consecutive codes from the authenticator app. */
  code1: string;
  code2: string;
  /**
   * Explicit opt-in: keep this device's seed (known to main from mfa:create) in the keychain so logins need
   * no typing. Both factors then live on this computer.
   */
  builtInAuthenticator?: boolean;
}

export interface MfaEnableResponse {
  serialNumber: string;
  userName: string;
  /** The profile, which logs in with this device from now on. */
  profile: ProfileDto;
  /** The device it logged in with before, when that was another one. */
  previousSerial: string | null;
  builtInAuthenticator: boolean;
  notes: Note[];
}

export interface MfaDeviceRequest {
  name: string;
  serialNumber: string;
}

export interface MfaAbandonResponse {
  serialNumber: string;
  /** false when it was gone already (or got enabled meanwhile, then it is kept). */
  deleted: boolean;
  message: string;
}

export interface MfaResyncRequest {
  name: string;
  /** Default: the device the profile logs in with. */
  serialNumber?: string;
  code1: string;
  code2: string;
}

export interface MfaRemovalPlanDto {
  serialNumber: string;
  /** assigned: enabled for the profile's IAM user (deactivate, then delete); unassigned: just delete. */
  status: 'assigned' | 'unassigned';
  virtual: boolean;
  isLoginDevice: boolean;
  userName: string;
  /** What stops working, one English sentence each (the renderer words the same facts through its i18n). */
  consequences: string[];
  /** The profile logs in with it: the user confirms a second time (mfa:remove with confirmedCurrent). */
  needsSecondConfirmation: boolean;
}

export interface MfaRemoveRequest {
  name: string;
  serialNumber: string;
  /** The second confirmation, needed to remove the device the profile logs in with. */
  confirmedCurrent?: boolean;
}

export interface MfaRemovalResponse {
  serialNumber: string;
  deactivated: boolean;
  deleted: boolean;
  profile: ProfileDto;
  notes: Note[];
}

/** Only turning it off: turning it on needs the seed, so it happens in mfa:enable during a setup. */
export interface MfaAuthenticatorRequest {
  name: string;
  enabled: false;
}
