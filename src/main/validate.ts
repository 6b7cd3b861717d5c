/**
 * Validation of everything that arrives from the renderer (over IPC, or over the dev host's HTTP shim)
 * before it reaches the core: types, lengths, patterns, no unknown fields. The renderer is treated as
 * untrusted input. Messages name the field, never its value: the value could be a pasted secret. Each
 * field's own rule is in src/core/rules; which channel takes which request is in src/main/channels.ts.
 *
 * Plain Node: no Electron here.
 */
import { MfaTrayError } from '../core/errors';
import {
  checkAccessKeyId,
  checkFunnelPrefix,
  checkIamUserName,
  checkKeyAgeReminderDays,
  CODE_COMMAND_RULES,
  checkCode,
  checkDelivery,
  checkDeviceName,
  checkDevicePath,
  checkDurationSeconds,
  checkLanguage,
  checkLeadTimeSeconds,
  checkMfaSerial,
  checkProfileName,
  checkRegion,
  checkSecretAccessKey,
  checkSoracomSecret,
  checkSoracomText,
  checkTokenTimeoutSeconds,
  checkVirtualMfaSerial,
  isCoverageType,
  MAX_CODE_COMMAND_LENGTH,
  typeError,
  type CoverageType,
} from '../core/rules';
import { parseCodeCommand } from '../core/codes/code-command-line';
import {
  type AddProfileRequest,
  type DetectSerialRequest,
  type FinishKeyRequest,
  type FunnelRotateRequest,
  type FunnelSelectorRequest,
  type RotateKeyRequest,
  type ImportRequest,
  type LoginRequest,
  type MfaAuthenticatorRequest,
  type MfaCreateRequest,
  type MfaDeviceRequest,
  type MfaEnableRequest,
  type MfaRemoveRequest,
  type MfaResyncRequest,
  type SettingsDto,
  type SoracomAddRequest,
  type SoracomMfaVerifyRequest,
  type SoracomUpdateRequest,
  type UpdateProfileRequest,
  type WithRolesOption,
} from '../shared/ipc-contract';

function invalid(message: string, hint?: string): MfaTrayError {
  return new MfaTrayError('invalid-input', message, hint ? { hint } : {});
}

type Fields = Record<string, unknown>;

function record(value: unknown, what: string, allowed: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} must be an object.`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(`${what} has an unexpected field.`);
  }
  return value as Fields;
}

/** Optional fields: absent, undefined, null (where not meaningful) and '' (an empty form field) are all "not given". */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === '';
}

/** A profile name (src/core/rules), never quoted: IPC input could be a pasted secret. */
export function validateProfileName(value: unknown, field = 'name', what?: string): string {
  return checkProfileName(value, what === undefined ? { field } : { field, what });
}

function optionalProfileName(value: unknown, field: string, what?: string): string | undefined {
  return isAbsent(value) ? undefined : validateProfileName(value, field, what);
}

const mfaSerial = (value: unknown) => checkMfaSerial(value, { field: 'serialNumber' });
/** The first / the second of two consecutive codes. */
const code1 = (value: unknown) => checkCode(value, { field: 'code1', what: 'first code' });
const code2 = (value: unknown) => checkCode(value, { field: 'code2', what: 'second code' });

/** A code command as typed (split later by the core's rule; checked here so the form shows the error). */
function codeCommand(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_CODE_COMMAND_LENGTH) {
    throw typeError(
      'codeCommand',
      `The code command must be text of at most ${MAX_CODE_COMMAND_LENGTH} characters.`,
      CODE_COMMAND_RULES.tooLong,
    );
  }
  parseCodeCommand(value);
  return value;
}

function boolean(value: unknown, field: string, what: string): boolean {
  if (typeof value !== 'boolean') throw typeError(field, `${what} must be true or false.`);
  return value;
}

/** Copies the optional fields that are given, validated. */
function optional<T>(fields: Fields, key: string, check: (value: unknown) => T): T | undefined {
  return isAbsent(fields[key]) ? undefined : check(fields[key]);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function validateAddProfileRequest(value: unknown): AddProfileRequest {
  const f = record(value, 'The profile', [
    'name',
    'accessKeyId',
    'secretAccessKey',
    'mfaSerial',
    'region',
    'durationSeconds',
    'target',
    'delivery',
    'codeCommand',
  ]);
  return withoutUndefined({
    name: validateProfileName(f.name),
    accessKeyId: checkAccessKeyId(f.accessKeyId),
    secretAccessKey: checkSecretAccessKey(f.secretAccessKey),
    mfaSerial: optional(f, 'mfaSerial', checkMfaSerial),
    region: optional(f, 'region', checkRegion),
    durationSeconds: optional(f, 'durationSeconds', checkDurationSeconds),
    target: optionalProfileName(f.target, 'target', 'target AWS profile name'),
    delivery: optional(f, 'delivery', checkDelivery),
    codeCommand: optional(f, 'codeCommand', codeCommand),
  });
}

export function validateUpdateProfileRequest(value: unknown): UpdateProfileRequest {
  const f = record(value, 'The profile', [
    'name',
    'accessKeyId',
    'secretAccessKey',
    'mfaSerial',
    'region',
    'durationSeconds',
    'target',
    'delivery',
    'codeCommand',
  ]);
  const request: UpdateProfileRequest = withoutUndefined({
    name: validateProfileName(f.name),
    accessKeyId: optional(f, 'accessKeyId', checkAccessKeyId),
    secretAccessKey: optional(f, 'secretAccessKey', checkSecretAccessKey),
    region: optional(f, 'region', checkRegion),
    durationSeconds: optional(f, 'durationSeconds', checkDurationSeconds),
    target: optionalProfileName(f.target, 'target', 'target AWS profile name'),
    delivery: optional(f, 'delivery', checkDelivery),
  });
  // null removes the device from the profile; absent keeps it.
  if (f.mfaSerial === null) request.mfaSerial = null;
  else if (!isAbsent(f.mfaSerial)) request.mfaSerial = checkMfaSerial(f.mfaSerial);
  // null (or an empty field) removes the code command; absent keeps it.
  if (f.codeCommand === null || f.codeCommand === '') request.codeCommand = null;
  else if (!isAbsent(f.codeCommand)) request.codeCommand = codeCommand(f.codeCommand);
  return request;
}

export function validateDetectSerialRequest(value: unknown): DetectSerialRequest {
  const f = record(value, 'The request', ['name', 'accessKeyId', 'secretAccessKey', 'region']);
  const request: DetectSerialRequest = withoutUndefined({
    name: optionalProfileName(f.name, 'name'),
    accessKeyId: optional(f, 'accessKeyId', checkAccessKeyId),
    secretAccessKey: optional(f, 'secretAccessKey', checkSecretAccessKey),
    region: optional(f, 'region', checkRegion),
  });
  const typedKeys = request.accessKeyId !== undefined || request.secretAccessKey !== undefined;
  if (
    request.name === undefined &&
    (request.accessKeyId === undefined || request.secretAccessKey === undefined)
  ) {
    throw invalid('Type the access key id and the secret access key first.');
  }
  if (request.name !== undefined && typedKeys) throw invalid('Give either a profile name or keys, not both.');
  return request;
}

export function validateImportRequest(value: unknown): ImportRequest {
  const f = record(value, 'The import', ['awsProfile', 'name', 'scrub', 'delivery']);
  return withoutUndefined({
    // AWS CLI profile names are freer than ours, but the import copies the name: ours must hold.
    awsProfile: validateProfileName(f.awsProfile, 'awsProfile', 'AWS profile name'),
    name: optionalProfileName(f.name, 'name'),
    scrub: f.scrub === undefined ? false : boolean(f.scrub, 'scrub', 'Scrub'),
    delivery: optional(f, 'delivery', checkDelivery),
  });
}

export function validateLoginRequest(value: unknown): LoginRequest {
  const f = record(value, 'The login', ['name', 'code']);
  const code = checkCode(f.code);
  return { name: validateProfileName(f.name), code };
}

export function validateMfaCreateRequest(value: unknown): MfaCreateRequest {
  const f = record(value, 'The MFA device', ['name', 'deviceName', 'path']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    deviceName: checkDeviceName(f.deviceName),
    path: optional(f, 'path', checkDevicePath),
  });
}

export function validateMfaEnableRequest(value: unknown): MfaEnableRequest {
  const f = record(value, 'The MFA device', [
    'name',
    'serialNumber',
    'code1',
    'code2',
    'builtInAuthenticator',
  ]);
  return withoutUndefined({
    name: validateProfileName(f.name),
    serialNumber: checkVirtualMfaSerial(f.serialNumber),
    code1: code1(f.code1),
    code2: code2(f.code2),
    builtInAuthenticator:
      f.builtInAuthenticator === undefined
        ? undefined
        : boolean(f.builtInAuthenticator, 'builtInAuthenticator', 'Built-in authenticator'),
  });
}

/** `virtualOnly`: abandon is about a device this app created, which is always virtual. */
export function validateMfaDeviceRequest(value: unknown, virtualOnly = false): MfaDeviceRequest {
  const f = record(value, 'The MFA device', ['name', 'serialNumber']);
  return {
    name: validateProfileName(f.name),
    serialNumber: virtualOnly ? checkVirtualMfaSerial(f.serialNumber) : mfaSerial(f.serialNumber),
  };
}

export function validateMfaResyncRequest(value: unknown): MfaResyncRequest {
  const f = record(value, 'The MFA device', ['name', 'serialNumber', 'code1', 'code2']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    serialNumber: optional(f, 'serialNumber', mfaSerial),
    code1: code1(f.code1),
    code2: code2(f.code2),
  });
}

export function validateMfaRemoveRequest(value: unknown): MfaRemoveRequest {
  const f = record(value, 'The MFA device', ['name', 'serialNumber', 'confirmedCurrent']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    serialNumber: mfaSerial(f.serialNumber),
    confirmedCurrent:
      f.confirmedCurrent === undefined
        ? undefined
        : boolean(f.confirmedCurrent, 'confirmedCurrent', 'The second confirmation'),
  });
}

export function validateMfaAuthenticatorRequest(value: unknown): MfaAuthenticatorRequest {
  const f = record(value, 'The request', ['name', 'enabled']);
  if (f.enabled !== false) {
    // Turning it on needs the device's seed, which only main has, during a setup (mfa:enable).
    throw invalid(
      'The built-in authenticator can only be turned off here.',
      'Turn it on while setting up an MFA device.',
    );
  }
  return { name: validateProfileName(f.name), enabled: false };
}

// ---- SORACOM: shapes here; the core checks each field's own rule (email, operator id…) with its field name.

/** A number only (the CLI's checkTokenTimeoutSeconds also takes typed text). */
function tokenTimeoutSeconds(value: unknown): number {
  if (typeof value !== 'number')
    throw typeError('tokenTimeoutSeconds', 'The token timeout must be a number.');
  return checkTokenTimeoutSeconds(value);
}

function coverage(value: unknown): CoverageType {
  if (!isCoverageType(value)) throw typeError('coverage', 'The coverage must be "jp" or "g".', 'coverage');
  return value;
}

export function validateSoracomAddRequest(value: unknown): SoracomAddRequest {
  const f = record(value, 'The SORACOM account', [
    'name',
    'email',
    'operatorId',
    'userName',
    'authKeyId',
    'secret',
    'coverage',
    'tokenTimeoutSeconds',
    'codeCommand',
  ]);
  return withoutUndefined({
    name: validateProfileName(f.name),
    email: optional(f, 'email', (v) => checkSoracomText(v, 'email', 'email')),
    operatorId: optional(f, 'operatorId', (v) => checkSoracomText(v, 'operatorId', 'operator id')),
    userName: optional(f, 'userName', (v) => checkSoracomText(v, 'userName', 'user name')),
    authKeyId: optional(f, 'authKeyId', (v) => checkSoracomText(v, 'authKeyId', 'auth key id')),
    secret: checkSoracomSecret(f.secret),
    coverage: optional(f, 'coverage', coverage),
    tokenTimeoutSeconds: optional(f, 'tokenTimeoutSeconds', tokenTimeoutSeconds),
    codeCommand: optional(f, 'codeCommand', codeCommand),
  });
}

export function validateSoracomUpdateRequest(value: unknown): SoracomUpdateRequest {
  const f = record(value, 'The SORACOM account', [
    'name',
    'secret',
    'coverage',
    'tokenTimeoutSeconds',
    'codeCommand',
  ]);
  return withoutUndefined({
    name: validateProfileName(f.name),
    secret: optional(f, 'secret', checkSoracomSecret),
    coverage: optional(f, 'coverage', coverage),
    tokenTimeoutSeconds: optional(f, 'tokenTimeoutSeconds', tokenTimeoutSeconds),
    // null (or an emptied field) removes the code command.
    codeCommand:
      f.codeCommand === null || f.codeCommand === '' ? null : optional(f, 'codeCommand', codeCommand),
  });
}

export function validateSoracomMfaVerifyRequest(value: unknown): SoracomMfaVerifyRequest {
  const f = record(value, 'The MFA code', ['name', 'code']);
  return { name: validateProfileName(f.name), code: checkCode(f.code) };
}

export function validateSettingsPatch(value: unknown): Partial<SettingsDto> {
  const f = record(value, 'The settings', [
    'leadTimeSeconds',
    'notifications',
    'language',
    'startAtLogin',
    'keyAgeReminderDays',
  ]);
  const patch: Partial<SettingsDto> = {};
  if (f.leadTimeSeconds !== undefined) patch.leadTimeSeconds = checkLeadTimeSeconds(f.leadTimeSeconds);
  if (f.notifications !== undefined)
    patch.notifications = boolean(f.notifications, 'notifications', 'Notifications');
  if (f.language !== undefined) patch.language = checkLanguage(f.language);
  if (f.startAtLogin !== undefined)
    patch.startAtLogin = boolean(f.startAtLogin, 'startAtLogin', 'Start at login');
  if (f.keyAgeReminderDays !== undefined)
    patch.keyAgeReminderDays = checkKeyAgeReminderDays(f.keyAgeReminderDays);
  return patch;
}

// ---- key and Funnel rotations

const optionalCode = (f: Fields) => optional(f, 'code', (v) => checkCode(v));

export function validateRotateKeyRequest(value: unknown): RotateKeyRequest {
  const f = record(value, 'The rotation', ['name', 'code', 'removeUnusedKeyId']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    code: optionalCode(f),
    removeUnusedKeyId: optional(f, 'removeUnusedKeyId', checkAccessKeyId),
  });
}

export function validateFinishKeyRequest(value: unknown): FinishKeyRequest {
  const f = record(value, 'The rotation', ['name', 'code']);
  return withoutUndefined({ name: validateProfileName(f.name), code: optionalCode(f) });
}

export function validateFunnelRotateRequest(value: unknown): FunnelRotateRequest {
  const f = record(value, 'The Funnel rotation', [
    'awsProfile',
    'iamUser',
    'soracomProfile',
    'prefix',
    'code',
  ]);
  return withoutUndefined({
    awsProfile: validateProfileName(f.awsProfile, 'awsProfile', 'AWS profile'),
    iamUser: checkIamUserName(f.iamUser, { quote: false }),
    soracomProfile: validateProfileName(f.soracomProfile, 'soracomProfile', 'SORACOM profile'),
    prefix: checkFunnelPrefix(f.prefix, { quote: false }),
    code: optionalCode(f),
  });
}

export function validateFunnelSelectorRequest(value: unknown): FunnelSelectorRequest {
  const f = record(value, 'The Funnel rotation', ['soracomProfile', 'prefix', 'code']);
  return withoutUndefined({
    soracomProfile: validateProfileName(f.soracomProfile, 'soracomProfile', 'SORACOM profile'),
    prefix: checkFunnelPrefix(f.prefix, { quote: false }),
    code: optionalCode(f),
  });
}

/** Removing or logging out a source profile: whether the roles assumed from it go along. */
export function validateWithRolesOption(value: unknown): WithRolesOption {
  const f = record(value, 'The options', ['withRoles']);
  const withRoles = optional(f, 'withRoles', (v) => boolean(v, 'withRoles', 'withRoles'));
  return withRoles === undefined ? {} : { withRoles };
}
