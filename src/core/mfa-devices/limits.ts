// The device rules live in src/core/rules; these names stay importable from the device service's folder.
export { DEVICE_NAME_PATTERN, DEVICE_PATH_PATTERN } from '../rules/mfa-device-rules';
