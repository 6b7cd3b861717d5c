/**
 * The popup's only door to the main process: `window.mfaTray`, generated from the channel lists of the IPC
 * contract. Nothing generic (no send(anyChannel), no raw ipcRenderer, no process.env) crosses the bridge.
 *
 * A sandboxed preload may only require('electron') (and a few Node built-ins), not our other files, so this
 * file must compile to a self-contained script: it imports TYPES only from the contract and repeats the
 * channel names, with compile-time checks that they are exactly the contract's.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  EventChannel,
  EventChannels,
  MfaTrayApi,
  RequestChannel,
  RequestResponseChannels,
} from '../shared/ipc-contract';

const REQUEST_CHANNELS = [
  'app:info',
  'profiles:list',
  'profiles:add',
  'profiles:update',
  'profiles:remove',
  'profiles:detect-serial',
  'profiles:import-candidates',
  'profiles:import',
  'session:login',
  'session:logout',
  'session:login-built-in',
  'prompt:open',
  'prompt:cancel',
  'settings:get',
  'settings:update',
  'window:hide',
  'app:quit',
  'app:help',
  'mfa:list',
  'mfa:create',
  'mfa:enable',
  'mfa:abandon',
  'mfa:resync',
  'mfa:describe-removal',
  'mfa:remove',
  'mfa:authenticator',
  'soracom:add',
  'soracom:update',
  'soracom:login',
  'soracom:mfa-enable',
  'soracom:mfa-verify',
  'soracom:mfa-status',
  'rotation:key-ages',
  'rotation:status',
  'rotation:rotate',
  'rotation:finish',
  'funnel:status',
  'funnel:plan',
  'funnel:rotate',
  'funnel:resume',
  'funnel:rollback',
  'funnel:finish',
] as const satisfies readonly RequestChannel[];

const EVENT_CHANNELS = [
  'profiles:changed',
  'prompt:show',
  'prompt:closed',
  'rotation:progress',
] as const satisfies readonly EventChannel[];

// `satisfies` rules out unknown names; these rule out missing ones (a contract channel not listed here).
type Missing<All, Listed> = Exclude<All, Listed>;
const everyRequestChannelListed: [Missing<RequestChannel, (typeof REQUEST_CHANNELS)[number]>] extends [never]
  ? true
  : never = true;
const everyEventChannelListed: [Missing<EventChannel, (typeof EVENT_CHANNELS)[number]>] extends [never]
  ? true
  : never = true;
void everyRequestChannelListed;
void everyEventChannelListed;

type RequestFunctions = { [C in RequestChannel]: RequestResponseChannels[C] };

function requestFunctions(): RequestFunctions {
  const api: Partial<Record<RequestChannel, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const channel of REQUEST_CHANNELS) {
    api[channel] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
  }
  return api as RequestFunctions;
}

const eventChannels: ReadonlySet<string> = new Set(EVENT_CHANNELS);

function on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void {
  if (!eventChannels.has(event)) throw new Error(`mfa-tray: unknown event "${String(event)}"`);
  if (typeof listener !== 'function') throw new TypeError('mfa-tray: the listener must be a function');
  // The page gets the payload only, never the IpcRendererEvent (it would reach ipcRenderer through `sender`).
  const forward = (_event: IpcRendererEvent, payload: EventChannels[E]) => listener(payload);
  ipcRenderer.on(event, forward);
  return () => {
    ipcRenderer.removeListener(event, forward);
  };
}

const api: MfaTrayApi = Object.freeze({ ...requestFunctions(), on });

contextBridge.exposeInMainWorld('mfaTray', api);
