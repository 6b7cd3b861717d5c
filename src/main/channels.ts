/**
 * The one channel map (GitHub Desktop's typed channel map, app/src/lib/ipc-shared.ts, is the model): per
 * request channel of the contract, how many arguments it takes and how they are validated. The channel
 * list, IPC binding, the dev host and the in-process API all derive from it; the mapped type makes a
 * channel of RequestResponseChannels without an entry (or an entry without a channel) a compile error.
 *
 * Plain Node: no Electron here.
 */
import { MfaTrayError } from '../core/errors';
import type { RequestChannel, RequestResponseChannels, WithRolesOption } from '../shared/ipc-contract';
import {
  validateAddProfileRequest,
  validateDetectSerialRequest,
  validateFinishKeyRequest,
  validateFunnelRotateRequest,
  validateFunnelSelectorRequest,
  validateImportRequest,
  validateLoginRequest,
  validateMfaAuthenticatorRequest,
  validateMfaCreateRequest,
  validateMfaDeviceRequest,
  validateMfaEnableRequest,
  validateMfaRemoveRequest,
  validateMfaResyncRequest,
  validateProfileName,
  validateRotateKeyRequest,
  validateSettingsPatch,
  validateSoracomAddRequest,
  validateSoracomMfaVerifyRequest,
  validateSoracomUpdateRequest,
  validateUpdateProfileRequest,
  validateWithRolesOption,
} from './validate';

/** A channel's arguments, as its handler receives them (validated). */
export type ChannelArgs<C extends RequestChannel> = Parameters<RequestResponseChannels[C]>;
/** What a channel's handler answers when it succeeds. */
export type ChannelValue<C extends RequestChannel> = Extract<
  Awaited<ReturnType<RequestResponseChannels[C]>>,
  { ok: true }
>['value'];

export interface ChannelSpec<C extends RequestChannel> {
  /** At most this many arguments (missing optional ones are validated as absent). */
  readonly arity: number;
  /** The arguments, validated and normalised; throws MfaTrayError('invalid-input'). */
  readonly validate: (args: readonly unknown[]) => ChannelArgs<C>;
}

/** No arguments. */
const none = { arity: 0, validate: (): [] => [] } as const;

/** One argument, checked by `check`. */
function one<T>(check: (value: unknown) => T): { arity: 1; validate: (args: readonly unknown[]) => [T] } {
  return { arity: 1, validate: (args) => [check(args[0])] };
}

const profileName = one((value) => validateProfileName(value));

/** A profile name and, optionally, `{ withRoles }` (removing or logging out a source profile). */
const profileNameWithRoles = {
  arity: 2,
  validate: (args: readonly unknown[]): [string, WithRolesOption?] => {
    const name = validateProfileName(args[0]);
    return args[1] === undefined ? [name] : [name, validateWithRolesOption(args[1])];
  },
} as const;

export const CHANNELS: { readonly [C in RequestChannel]: ChannelSpec<C> } = {
  'app:info': none,
  'profiles:list': none,
  'profiles:add': one(validateAddProfileRequest),
  'profiles:update': one(validateUpdateProfileRequest),
  'profiles:remove': profileNameWithRoles,
  'profiles:detect-serial': one(validateDetectSerialRequest),
  'profiles:import-candidates': none,
  'profiles:import': one(validateImportRequest),
  'session:login': one(validateLoginRequest),
  'session:logout': profileNameWithRoles,
  'session:login-built-in': profileName,
  'prompt:open': profileName,
  'prompt:cancel': profileName,
  'settings:get': none,
  'settings:update': one(validateSettingsPatch),
  'window:hide': none,
  'app:quit': none,
  'app:help': none,
  'mfa:list': profileName,
  'mfa:create': one(validateMfaCreateRequest),
  'mfa:enable': one(validateMfaEnableRequest),
  // Abandon is about a device this app created, which is always virtual.
  'mfa:abandon': one((value) => validateMfaDeviceRequest(value, true)),
  'mfa:resync': one(validateMfaResyncRequest),
  'mfa:describe-removal': one((value) => validateMfaDeviceRequest(value)),
  'mfa:remove': one(validateMfaRemoveRequest),
  'mfa:authenticator': one(validateMfaAuthenticatorRequest),
  'soracom:add': one(validateSoracomAddRequest),
  'soracom:update': one(validateSoracomUpdateRequest),
  'soracom:login': profileName,
  'soracom:mfa-enable': profileName,
  'soracom:mfa-verify': one(validateSoracomMfaVerifyRequest),
  'soracom:mfa-status': profileName,
  'rotation:key-ages': none,
  'rotation:status': profileName,
  'rotation:rotate': one(validateRotateKeyRequest),
  'rotation:finish': one(validateFinishKeyRequest),
  'funnel:status': none,
  'funnel:plan': one(validateFunnelRotateRequest),
  'funnel:rotate': one(validateFunnelRotateRequest),
  'funnel:resume': one(validateFunnelSelectorRequest),
  'funnel:rollback': one(validateFunnelSelectorRequest),
  'funnel:finish': one(validateFunnelSelectorRequest),
};

/** Every request channel, in the map's order. */
export const REQUEST_CHANNELS = Object.freeze(Object.keys(CHANNELS)) as readonly RequestChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CHANNELS, value);
}

/** The arguments of a request on `channel`, validated; throws MfaTrayError('invalid-input'). */
export function validateChannelArgs<C extends RequestChannel>(channel: C, args: unknown): ChannelArgs<C> {
  if (!isRequestChannel(channel)) throw new MfaTrayError('invalid-input', 'Unknown request.');
  const spec = CHANNELS[channel] as ChannelSpec<C>;
  if (!Array.isArray(args) || args.length > spec.arity) {
    throw new MfaTrayError('invalid-input', 'Wrong number of arguments.');
  }
  return spec.validate(args);
}
