/**
 * The renderer's only way to the app: the preload's `window.mfaTray` in Electron, else the dev host's HTTP
 * shim. Calls never throw: a rejected IPC call becomes an `internal` error Result.
 */
import type {
  MfaTrayApi,
  RequestChannel,
  RequestResponseChannels,
  Result,
} from '../../../src/shared/ipc-contract';
import { createHttpApi } from './http-api';

declare global {
  interface Window {
    mfaTray?: MfaTrayApi;
  }
}

export const api: MfaTrayApi = window.mfaTray ?? createHttpApi();

type Value<C extends RequestChannel> =
  Awaited<ReturnType<RequestResponseChannels[C]>> extends Result<infer T> ? T : never;

export async function call<C extends RequestChannel>(
  channel: C,
  ...args: Parameters<RequestResponseChannels[C]>
): Promise<Result<Value<C>>> {
  try {
    const fn = api[channel] as (...a: Parameters<RequestResponseChannels[C]>) => Promise<Result<Value<C>>>;
    return await fn.apply(api, args);
  } catch (error) {
    return {
      ok: false,
      error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  }
}
