/**
 * The renderer's only way to the app: `window.mfaTray`, set by the preload in Electron (or, in development
 * and the browser tests, by the dev host's HTTP shim script that runs before this bundle). Calls never
 * throw: a rejected IPC call becomes an `internal` error Result.
 */
import type {
  MfaTrayApi,
  RequestChannel,
  RequestResponseChannels,
  Result,
} from '../../../src/shared/ipc-contract';

declare global {
  interface Window {
    mfaTray?: MfaTrayApi;
  }
}

/** No bridge (the page opened outside the app): every call fails with `internal`, no event ever comes. */
function unavailableApi(): MfaTrayApi {
  const failure = { ok: false, error: { kind: 'internal', message: 'The mfa-tray app is not connected.' } };
  return new Proxy({} as MfaTrayApi, {
    get: (_target, key) => (key === 'on' ? () => () => {} : () => Promise.resolve(failure)),
  });
}

export const api: MfaTrayApi = window.mfaTray ?? unavailableApi();

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
