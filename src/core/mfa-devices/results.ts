/**
 * What the device service answers (the tray gets these over IPC). Only CreatedVirtualDevice holds a secret.
 */
import type {
  MfaAbandonResponse,
  MfaAssignedDeviceDto,
  MfaDeviceListDto,
  MfaEnableResponse,
  MfaOrphanDeviceDto,
  MfaRemovalPlanDto,
  MfaRemovalResponse,
} from '../../shared/dto/mfa-devices';

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

// The secret-free results are the IPC DTOs themselves (src/shared/dto/mfa-devices.ts): one declaration, the
// core's names kept as aliases so its callers read as before.
export type EnableResult = MfaEnableResponse;
export type AssignedDevice = MfaAssignedDeviceDto;
export type OrphanDevice = MfaOrphanDeviceDto;
/** The list as the device service builds it; the tray adds the built-in authenticator's status (main). */
export type MfaDeviceList = Omit<MfaDeviceListDto, 'builtInAuthenticator'>;
export type RemovalPlan = MfaRemovalPlanDto;
export type RemovalResult = MfaRemovalResponse;
export type AbandonResult = MfaAbandonResponse;

export type { BuiltInAuthenticatorStatus } from '../codes/built-in-authenticator';
