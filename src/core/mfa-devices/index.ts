/** Virtual MFA devices: the service, the owner of unfinished setups, and what they answer. */
export { IamDevices, type CallerIdentityLookup, type Caller, type IamClientFactory } from './iam-devices';
export {
  MfaDeviceService,
  type MfaDeviceDeps,
  type MfaDeviceSeams,
  type ProfileSessions,
} from './mfa-device-service';
export {
  DeviceSetups,
  PENDING_SETUP_TTL_MS,
  type DeviceSetup,
  type DeviceSetupsOptions,
} from './device-setups';
export { DEVICE_NAME_PATTERN, DEVICE_PATH_PATTERN } from './limits';
export type * from './results';
// Kept here for their callers (key and Funnel rotations, tests): they live with the AWS calls and codes.
export { MAX_MFA_DEVICES_PER_USER, classifyIamMfaError, type IamErrorOverrides } from '../aws/iam-errors';
export {
  callWithIamAccess,
  type CredentialKind,
  type IamAccess,
  type IamPermission,
} from '../aws/iam-access';
export { BUILT_IN_AUTHENTICATOR_WARNING } from '../codes/built-in-authenticator';
