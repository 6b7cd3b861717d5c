/**
 * What the device service answers (the tray gets these over IPC). Only CreatedVirtualDevice holds a secret.
 */
import type { Note } from '../../shared/notes';
import type { ProfileStatus } from '../mfa-tray-core';

/** What a setup screen needs right after CreateVirtualMFADevice. Holds the seed: show it, never store it. */
export interface CreatedVirtualDevice {
  serialNumber: string;
  deviceName: string;
  userName: string;
  accountId: string;
  /** Secret: the otpauth:// URI the QR code encodes. */
  otpauthUri: string;
  /** Secret: for "can't scan? type this key" (show it only when asked). */
  seedBase32: string;
  /** Secret: the QR code, as SVG markup and as a PNG data URL. */
  qr: { svg: string; pngDataUrl: string };
  /** The unassigned device is deleted by abandon(); enable it before this (ISO 8601) to keep the seed usable. */
  pendingUntil: string;
}

export interface EnableResult {
  serialNumber: string;
  userName: string;
  profile: ProfileStatus;
  /** The device the profile logged in with before, if it was another one. */
  previousSerial: string | null;
  builtInAuthenticator: boolean;
  notes: Note[];
}

export interface AssignedDevice {
  serialNumber: string;
  /** ISO 8601, when it was enabled for the user. */
  enableDate: string | null;
  virtual: boolean;
  /** The profile logs in with this one. */
  isLoginDevice: boolean;
  /** The profile's built-in authenticator holds this device's secret. */
  builtInAuthenticator: boolean;
}

export interface OrphanDevice {
  serialNumber: string;
  deviceName: string;
  /** Created by this app instance and waiting for its codes right now (not really an orphan yet). */
  setupInProgress: boolean;
}

export interface MfaDeviceList {
  profile: string;
  userName: string;
  accountId: string;
  loginDevice: string | null;
  limit: number;
  assigned: AssignedDevice[];
  /** The account's unassigned virtual devices, or null when they cannot be listed (see orphansUnavailable). */
  orphans: OrphanDevice[] | null;
  orphansUnavailable?: string;
}

export interface RemovalPlan {
  serialNumber: string;
  /** assigned: enabled for the profile's user (deactivate, then delete); unassigned: just delete. */
  status: 'assigned' | 'unassigned';
  virtual: boolean;
  isLoginDevice: boolean;
  userName: string;
  /** What stops working, one sentence each, for the confirmation. */
  consequences: string[];
  /** The profile logs in with it: confirm a second time. */
  needsSecondConfirmation: boolean;
}

export interface RemovalResult {
  serialNumber: string;
  deactivated: boolean;
  deleted: boolean;
  profile: ProfileStatus;
  notes: Note[];
}

export interface AbandonResult {
  serialNumber: string;
  deleted: boolean;
  message: string;
}

export type { BuiltInAuthenticatorStatus } from '../codes/built-in-authenticator';
