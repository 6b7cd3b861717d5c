/**
 * Validation of everything that arrives from the renderer (over IPC, or over the dev host's HTTP shim)
 * before it reaches the core: types, lengths, patterns, no unknown fields. The renderer is treated as
 * untrusted input. Messages name the field, never its value: the value could be a pasted secret.
 *
 * Plain Node: shared by the AppController, src/main/ipc.ts and the dev host.
 */
import { MfaTrayError } from '../core/errors';
import { DEVICE_NAME_PATTERN, DEVICE_PATH_PATTERN } from '../core/mfa-devices';
import {
  MAX_DURATION_SECONDS,
  MFA_SERIAL_PATTERN,
  MIN_DURATION_SECONDS,
  PROFILE_NAME_PATTERN,
  REGION_PATTERN,
} from '../core/profiles';
import { normaliseCode } from '../core/totp';
import {
  REQUEST_CHANNELS,
  type AddProfileRequest,
  type Delivery,
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
  type RequestChannel,
  type RequestResponseChannels,
  type SettingsDto,
  type SoracomAddRequest,
  type SoracomMfaVerifyRequest,
  type SoracomUpdateRequest,
  type UpdateProfileRequest,
} from '../shared/ipc-contract';
import { MAX_TOKEN_TIMEOUT_SECONDS, MIN_TOKEN_TIMEOUT_SECONDS } from '../core/soracom/soracom-rules';
import { MAX_CODE_COMMAND_LENGTH, parseCodeCommand } from '../core/codes/code-command';
import { MAX_KEY_AGE_REMINDER_DAYS } from '../core/profiles';
import { PREFIX_PATTERN } from '../core/funnel/funnel-rotation';

const ACCESS_KEY_ID_PATTERN = /^[A-Z0-9]{16,128}$/;
const SECRET_ACCESS_KEY_PATTERN = /^[A-Za-z0-9/+=]{16,128}$/;
const MAX_SERIAL_LENGTH = 256;
const MAX_REGION_LENGTH = 32;
/** Longer than any pasted code with spaces and a newline, short enough to refuse anything else. */
const MAX_CODE_LENGTH = 32;
const MAX_KEY_FIELD_LENGTH = 256;
const MAX_DEVICE_NAME_LENGTH = 226;
const MAX_DEVICE_PATH_LENGTH = 512;
/** A virtual device's ARN: the only kind mfa-tray creates, enables or abandons. */
const VIRTUAL_MFA_SERIAL_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$/;
export const MIN_LEAD_TIME_SECONDS = 60;
export const MAX_LEAD_TIME_SECONDS = 3600;

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

export function validateProfileName(value: unknown, field = 'The profile name'): string {
  if (typeof value !== 'string' || value.length > 64 || !PROFILE_NAME_PATTERN.test(value)) {
    throw invalid(
      `${field} is not valid.`,
      'Use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit).',
    );
  }
  return value;
}

function optionalProfileName(value: unknown, field: string): string | undefined {
  return isAbsent(value) ? undefined : validateProfileName(value, field);
}

/**
 * A string of at most `maxLength` that matches `pattern` (trimmed first unless `trim` is false: names
 * AWS takes verbatim), else an invalid-input error in plain words.
 */
function matching(
  value: unknown,
  maxLength: number,
  pattern: RegExp,
  message: string,
  hint: string,
  { trim = true } = {},
): string {
  const text =
    typeof value === 'string' && value.length <= maxLength ? (trim ? value.trim() : value) : undefined;
  if (text === undefined || !pattern.test(text)) throw invalid(message, hint);
  return text;
}

function accessKeyId(value: unknown): string {
  return matching(
    value,
    MAX_KEY_FIELD_LENGTH,
    ACCESS_KEY_ID_PATTERN,
    'That does not look like an access key id.',
    'It is 20 capital letters and digits, starting AKIA.',
  );
}

function secretAccessKey(value: unknown): string {
  return matching(
    value,
    MAX_KEY_FIELD_LENGTH,
    SECRET_ACCESS_KEY_PATTERN,
    'That does not look like a secret access key.',
    'It is 40 characters of letters, digits, / and +, shown once when the key was created.',
  );
}

function mfaSerial(value: unknown): string {
  return matching(
    value,
    MAX_SERIAL_LENGTH,
    MFA_SERIAL_PATTERN,
    'The MFA device serial is not valid.',
    'Expected an ARN like arn:aws:iam::123456789012:mfa/my-phone (or a hardware token’s serial).',
  );
}

function virtualMfaSerial(value: unknown): string {
  const serial = mfaSerial(value);
  if (!VIRTUAL_MFA_SERIAL_PATTERN.test(serial)) {
    throw invalid(
      'That is not a virtual MFA device.',
      'Expected an ARN like arn:aws:iam::123456789012:mfa/my-phone.',
    );
  }
  return serial;
}

function deviceName(value: unknown): string {
  return matching(
    value,
    MAX_DEVICE_NAME_LENGTH,
    DEVICE_NAME_PATTERN,
    'The MFA device name is not valid.',
    'Use letters, digits and _ + = , . @ - (up to 226, no spaces).',
    { trim: false },
  );
}

function devicePath(value: unknown): string {
  return matching(
    value,
    MAX_DEVICE_PATH_LENGTH,
    DEVICE_PATH_PATTERN,
    'The IAM path is not valid.',
    'It starts and ends with / (like /team/), or is just /.',
    { trim: false },
  );
}

/** A 6-digit code as people type or paste it ("123 456"), normalised; `field` names it in the message. */
function mfaCode(value: unknown, field: string): string {
  const code =
    typeof value === 'string' && value.length <= MAX_CODE_LENGTH ? normaliseCode(value) : undefined;
  if (code === undefined)
    throw invalid(`${field} is not 6 digits.`, 'Type the 6-digit codes your authenticator app shows.');
  return code;
}

function region(value: unknown): string {
  return matching(
    value,
    MAX_REGION_LENGTH,
    REGION_PATTERN,
    'The region is not an AWS region name.',
    'Like us-east-1 or eu-west-1.',
  );
}

/** A whole number of seconds within [min, max]; `what` names it in the error. */
function wholeSeconds(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${what} must be a whole number of seconds from ${min} to ${max}.`);
  }
  return value;
}

function durationSeconds(value: unknown): number {
  return wholeSeconds(value, MIN_DURATION_SECONDS, MAX_DURATION_SECONDS, 'The session duration');
}

function delivery(value: unknown): Delivery {
  if (value !== 'file' && value !== 'process') throw invalid('Delivery must be "file" or "process".');
  return value;
}

/** A code command as typed (split later by the core's rule; checked here so the form shows the error). */
function codeCommand(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_CODE_COMMAND_LENGTH) {
    throw invalid(`The code command must be text of at most ${MAX_CODE_COMMAND_LENGTH} characters.`);
  }
  parseCodeCommand(value);
  return value;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${field} must be true or false.`);
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
    accessKeyId: accessKeyId(f.accessKeyId),
    secretAccessKey: secretAccessKey(f.secretAccessKey),
    mfaSerial: optional(f, 'mfaSerial', mfaSerial),
    region: optional(f, 'region', region),
    durationSeconds: optional(f, 'durationSeconds', durationSeconds),
    target: optionalProfileName(f.target, 'The target AWS profile'),
    delivery: optional(f, 'delivery', delivery),
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
    accessKeyId: optional(f, 'accessKeyId', accessKeyId),
    secretAccessKey: optional(f, 'secretAccessKey', secretAccessKey),
    region: optional(f, 'region', region),
    durationSeconds: optional(f, 'durationSeconds', durationSeconds),
    target: optionalProfileName(f.target, 'The target AWS profile'),
    delivery: optional(f, 'delivery', delivery),
  });
  // null removes the device from the profile; absent keeps it.
  if (f.mfaSerial === null) request.mfaSerial = null;
  else if (!isAbsent(f.mfaSerial)) request.mfaSerial = mfaSerial(f.mfaSerial);
  // null (or an empty field) removes the code command; absent keeps it.
  if (f.codeCommand === null || f.codeCommand === '') request.codeCommand = null;
  else if (!isAbsent(f.codeCommand)) request.codeCommand = codeCommand(f.codeCommand);
  return request;
}

export function validateDetectSerialRequest(value: unknown): DetectSerialRequest {
  const f = record(value, 'The request', ['name', 'accessKeyId', 'secretAccessKey', 'region']);
  const request: DetectSerialRequest = withoutUndefined({
    name: optionalProfileName(f.name, 'The profile name'),
    accessKeyId: optional(f, 'accessKeyId', accessKeyId),
    secretAccessKey: optional(f, 'secretAccessKey', secretAccessKey),
    region: optional(f, 'region', region),
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
    awsProfile: validateProfileName(f.awsProfile, 'The AWS profile name'),
    name: optionalProfileName(f.name, 'The profile name'),
    scrub: f.scrub === undefined ? false : boolean(f.scrub, 'Scrub'),
    delivery: optional(f, 'delivery', delivery),
  });
}

export function validateLoginRequest(value: unknown): LoginRequest {
  const f = record(value, 'The login', ['name', 'code']);
  const code =
    typeof f.code === 'string' && f.code.length <= MAX_CODE_LENGTH ? normaliseCode(f.code) : undefined;
  if (code === undefined)
    throw invalid('An MFA code is 6 digits.', 'Type the 6-digit code your authenticator app shows.');
  return { name: validateProfileName(f.name), code };
}

export function validateMfaCreateRequest(value: unknown): MfaCreateRequest {
  const f = record(value, 'The MFA device', ['name', 'deviceName', 'path']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    deviceName: deviceName(f.deviceName),
    path: optional(f, 'path', devicePath),
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
    serialNumber: virtualMfaSerial(f.serialNumber),
    code1: mfaCode(f.code1, 'The first code'),
    code2: mfaCode(f.code2, 'The second code'),
    builtInAuthenticator:
      f.builtInAuthenticator === undefined
        ? undefined
        : boolean(f.builtInAuthenticator, 'Built-in authenticator'),
  });
}

/** `virtualOnly`: abandon is about a device this app created, which is always virtual. */
export function validateMfaDeviceRequest(value: unknown, virtualOnly = false): MfaDeviceRequest {
  const f = record(value, 'The MFA device', ['name', 'serialNumber']);
  return {
    name: validateProfileName(f.name),
    serialNumber: virtualOnly ? virtualMfaSerial(f.serialNumber) : mfaSerial(f.serialNumber),
  };
}

export function validateMfaResyncRequest(value: unknown): MfaResyncRequest {
  const f = record(value, 'The MFA device', ['name', 'serialNumber', 'code1', 'code2']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    serialNumber: optional(f, 'serialNumber', mfaSerial),
    code1: mfaCode(f.code1, 'The first code'),
    code2: mfaCode(f.code2, 'The second code'),
  });
}

export function validateMfaRemoveRequest(value: unknown): MfaRemoveRequest {
  const f = record(value, 'The MFA device', ['name', 'serialNumber', 'confirmedCurrent']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    serialNumber: mfaSerial(f.serialNumber),
    confirmedCurrent:
      f.confirmedCurrent === undefined ? undefined : boolean(f.confirmedCurrent, 'The second confirmation'),
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

const MAX_SORACOM_FIELD_LENGTH = 256;
/** Passwords and AuthKey secrets: any printable text, one line. */
const MAX_SORACOM_SECRET_LENGTH = 1024;

function soracomText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > MAX_SORACOM_FIELD_LENGTH || /[\r\n]/.test(value))
    throw invalid(`${field} is not valid.`);
  return value.trim();
}

function soracomSecret(value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_SORACOM_SECRET_LENGTH ||
    /[\r\n]/.test(value)
  )
    throw invalid('The password or auth key secret is not valid.');
  return value;
}

function coverage(value: unknown): 'jp' | 'g' {
  if (value !== 'jp' && value !== 'g') throw invalid('The coverage must be "jp" or "g".');
  return value;
}

function tokenTimeout(value: unknown): number {
  return wholeSeconds(value, MIN_TOKEN_TIMEOUT_SECONDS, MAX_TOKEN_TIMEOUT_SECONDS, 'The token timeout');
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
    email: optional(f, 'email', (v) => soracomText(v, 'The email address')),
    operatorId: optional(f, 'operatorId', (v) => soracomText(v, 'The operator ID')),
    userName: optional(f, 'userName', (v) => soracomText(v, 'The user name')),
    authKeyId: optional(f, 'authKeyId', (v) => soracomText(v, 'The auth key ID')),
    secret: soracomSecret(f.secret),
    coverage: optional(f, 'coverage', coverage),
    tokenTimeoutSeconds: optional(f, 'tokenTimeoutSeconds', tokenTimeout),
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
    secret: optional(f, 'secret', soracomSecret),
    coverage: optional(f, 'coverage', coverage),
    tokenTimeoutSeconds: optional(f, 'tokenTimeoutSeconds', tokenTimeout),
    // null (or an emptied field) removes the code command.
    codeCommand:
      f.codeCommand === null || f.codeCommand === '' ? null : optional(f, 'codeCommand', codeCommand),
  });
}

export function validateSoracomMfaVerifyRequest(value: unknown): SoracomMfaVerifyRequest {
  const f = record(value, 'The MFA code', ['name', 'code']);
  return { name: validateProfileName(f.name), code: mfaCode(f.code, 'The code') };
}

// ---- key and Funnel rotations

/** IAM user names: `[\w+=,.@-]`, 1–64 (IAM's rule). */
const IAM_USER_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

function iamUserName(value: unknown): string {
  return matching(
    value,
    64,
    IAM_USER_NAME_PATTERN,
    'The IAM user name is not valid.',
    'Use letters, digits and _ + = , . @ - (up to 64).',
    { trim: false },
  );
}

function funnelPrefix(value: unknown): string {
  return matching(
    value,
    81,
    PREFIX_PATTERN,
    'The credential set prefix is not valid.',
    'Use letters, digits and _ . - (starting with a letter or digit).',
  );
}

export function validateRotateKeyRequest(value: unknown): RotateKeyRequest {
  const f = record(value, 'The rotation', ['name', 'code', 'removeUnusedKeyId']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    code: optional(f, 'code', (v) => mfaCode(v, 'The code')),
    removeUnusedKeyId: optional(f, 'removeUnusedKeyId', accessKeyId),
  });
}

export function validateFinishKeyRequest(value: unknown): FinishKeyRequest {
  const f = record(value, 'The rotation', ['name', 'code']);
  return withoutUndefined({
    name: validateProfileName(f.name),
    code: optional(f, 'code', (v) => mfaCode(v, 'The code')),
  });
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
    awsProfile: validateProfileName(f.awsProfile, 'The AWS profile'),
    iamUser: iamUserName(f.iamUser),
    soracomProfile: validateProfileName(f.soracomProfile, 'The SORACOM profile'),
    prefix: funnelPrefix(f.prefix),
    code: optional(f, 'code', (v) => mfaCode(v, 'The code')),
  });
}

export function validateFunnelSelectorRequest(value: unknown): FunnelSelectorRequest {
  const f = record(value, 'The Funnel rotation', ['soracomProfile', 'prefix', 'code']);
  return withoutUndefined({
    soracomProfile: validateProfileName(f.soracomProfile, 'The SORACOM profile'),
    prefix: funnelPrefix(f.prefix),
    code: optional(f, 'code', (v) => mfaCode(v, 'The code')),
  });
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
  if (f.leadTimeSeconds !== undefined) {
    const lead = f.leadTimeSeconds;
    if (
      typeof lead !== 'number' ||
      !Number.isInteger(lead) ||
      lead < MIN_LEAD_TIME_SECONDS ||
      lead > MAX_LEAD_TIME_SECONDS
    ) {
      throw invalid(
        `The lead time must be between ${MIN_LEAD_TIME_SECONDS} and ${MAX_LEAD_TIME_SECONDS} seconds.`,
      );
    }
    patch.leadTimeSeconds = lead;
  }
  if (f.notifications !== undefined) patch.notifications = boolean(f.notifications, 'Notifications');
  if (f.language !== undefined) {
    if (f.language !== 'en' && f.language !== 'ja' && f.language !== 'system') {
      throw invalid('The language must be en, ja or system.');
    }
    patch.language = f.language;
  }
  if (f.startAtLogin !== undefined) patch.startAtLogin = boolean(f.startAtLogin, 'Start at login');
  if (f.keyAgeReminderDays !== undefined) {
    const days = f.keyAgeReminderDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_KEY_AGE_REMINDER_DAYS) {
      throw invalid(
        `The key age reminder must be a whole number of days from 0 to ${MAX_KEY_AGE_REMINDER_DAYS}.`,
      );
    }
    patch.keyAgeReminderDays = days;
  }
  return patch;
}

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(value);
}

type Args<C extends RequestChannel> = Parameters<RequestResponseChannels[C]>;

const noArgs = (): [] => [];
const nameArg = (args: readonly unknown[]): [string] => [validateProfileName(args[0])];

/** Per channel: its arguments, validated (arity included). */
const ARGUMENT_VALIDATORS: { [C in RequestChannel]: (args: readonly unknown[]) => Args<C> } = {
  'app:info': noArgs,
  'profiles:list': noArgs,
  'profiles:add': (args) => [validateAddProfileRequest(args[0])],
  'profiles:update': (args) => [validateUpdateProfileRequest(args[0])],
  'profiles:remove': nameArg,
  'profiles:detect-serial': (args) => [validateDetectSerialRequest(args[0])],
  'profiles:import-candidates': noArgs,
  'profiles:import': (args) => [validateImportRequest(args[0])],
  'session:login': (args) => [validateLoginRequest(args[0])],
  'session:logout': nameArg,
  'session:login-built-in': nameArg,
  'prompt:open': nameArg,
  'prompt:cancel': nameArg,
  'settings:get': noArgs,
  'settings:update': (args) => [validateSettingsPatch(args[0])],
  'window:hide': noArgs,
  'app:quit': noArgs,
  'app:help': noArgs,
  'mfa:list': nameArg,
  'mfa:create': (args) => [validateMfaCreateRequest(args[0])],
  'mfa:enable': (args) => [validateMfaEnableRequest(args[0])],
  'mfa:abandon': (args) => [validateMfaDeviceRequest(args[0], true)],
  'mfa:resync': (args) => [validateMfaResyncRequest(args[0])],
  'mfa:describe-removal': (args) => [validateMfaDeviceRequest(args[0])],
  'mfa:remove': (args) => [validateMfaRemoveRequest(args[0])],
  'mfa:authenticator': (args) => [validateMfaAuthenticatorRequest(args[0])],
  'soracom:add': (args) => [validateSoracomAddRequest(args[0])],
  'soracom:update': (args) => [validateSoracomUpdateRequest(args[0])],
  'soracom:login': nameArg,
  'soracom:mfa-enable': nameArg,
  'soracom:mfa-verify': (args) => [validateSoracomMfaVerifyRequest(args[0])],
  'soracom:mfa-status': nameArg,
  'rotation:key-ages': noArgs,
  'rotation:status': nameArg,
  'rotation:rotate': (args) => [validateRotateKeyRequest(args[0])],
  'rotation:finish': (args) => [validateFinishKeyRequest(args[0])],
  'funnel:status': noArgs,
  'funnel:plan': (args) => [validateFunnelRotateRequest(args[0])],
  'funnel:rotate': (args) => [validateFunnelRotateRequest(args[0])],
  'funnel:resume': (args) => [validateFunnelSelectorRequest(args[0])],
  'funnel:rollback': (args) => [validateFunnelSelectorRequest(args[0])],
  'funnel:finish': (args) => [validateFunnelSelectorRequest(args[0])],
};

const ARITY: { [C in RequestChannel]: number } = {
  'app:info': 0,
  'profiles:list': 0,
  'profiles:add': 1,
  'profiles:update': 1,
  'profiles:remove': 1,
  'profiles:detect-serial': 1,
  'profiles:import-candidates': 0,
  'profiles:import': 1,
  'session:login': 1,
  'session:logout': 1,
  'session:login-built-in': 1,
  'prompt:open': 1,
  'prompt:cancel': 1,
  'settings:get': 0,
  'settings:update': 1,
  'window:hide': 0,
  'app:quit': 0,
  'app:help': 0,
  'mfa:list': 1,
  'mfa:create': 1,
  'mfa:enable': 1,
  'mfa:abandon': 1,
  'mfa:resync': 1,
  'mfa:describe-removal': 1,
  'mfa:remove': 1,
  'mfa:authenticator': 1,
  'soracom:add': 1,
  'soracom:update': 1,
  'soracom:login': 1,
  'soracom:mfa-enable': 1,
  'soracom:mfa-verify': 1,
  'soracom:mfa-status': 1,
  'rotation:key-ages': 0,
  'rotation:status': 1,
  'rotation:rotate': 1,
  'rotation:finish': 1,
  'funnel:status': 0,
  'funnel:plan': 1,
  'funnel:rotate': 1,
  'funnel:resume': 1,
  'funnel:rollback': 1,
  'funnel:finish': 1,
};

/** The arguments of a request on `channel`, validated; throws MfaTrayError('invalid-input'). */
export function validateChannelArgs<C extends RequestChannel>(channel: C, args: unknown): Args<C> {
  if (!isRequestChannel(channel)) throw invalid('Unknown request.');
  if (!Array.isArray(args) || args.length > ARITY[channel]) throw invalid('Wrong number of arguments.');
  return ARGUMENT_VALIDATORS[channel](args);
}
