/**
 * The one way a request reaches the app's handlers, minus Electron: check the sender, validate the
 * arguments (src/main/channels.ts), call the handler, and turn what it throws into a Result's ErrorDto —
 * each once. ipc.ts feeds it `ipcMain.handle` events; the dev host its HTTP requests; AppController's
 * `handlers` (the in-process API) go through it too.
 */
import { isMfaTrayError, toErrorDto } from '../core/errors';
import type { RequestChannel, RequestResponseChannels, Result } from '../shared/ipc-contract';
import { validateChannelArgs, type ChannelArgs, type ChannelValue, REQUEST_CHANNELS } from './channels';

/** The app's handlers: validated arguments in, a plain value out (or a throw). */
export type ChannelHandlers = {
  readonly [C in RequestChannel]: (...args: ChannelArgs<C>) => Promise<ChannelValue<C>> | ChannelValue<C>;
};

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
}

export interface DispatchContext {
  handlers: ChannelHandlers;
  /**
   * Whether the request comes from a caller allowed to make it: for IPC, our popup's own top-level frame
   * (src/main/sender-check.ts); the dev host checks its HTTP origin before and passes `() => true`.
   */
  isTrustedSender: () => boolean;
  /** Errors that are not MfaTrayErrors (bugs): the caller only sees a generic message. */
  onUnexpectedError?: (error: unknown) => void;
}

/**
 * One request. An untrusted sender gets a rejection (it has no business with our Result shapes); bad
 * arguments an `invalid-input` Result the form can show; a handler's error its ErrorDto.
 */
export async function dispatch(
  channel: string,
  args: unknown,
  context: DispatchContext,
): Promise<Result<unknown>> {
  if (!context.isTrustedSender()) {
    throw new UntrustedSenderError(`mfa-tray refused "${channel}" from an untrusted sender.`);
  }
  try {
    const valid = validateChannelArgs(channel as RequestChannel, args);
    const handler = context.handlers[channel as RequestChannel] as (...a: unknown[]) => unknown;
    return { ok: true, value: await handler(...valid) };
  } catch (error) {
    if (!isMfaTrayError(error)) context.onUnexpectedError?.(error);
    return { ok: false, error: toErrorDto(error) };
  }
}

/**
 * The contract's API over `handlers`, in process (the tray menu, tests): every call goes through
 * `dispatch` exactly as an IPC request does, so it is validated and answers a Result.
 */
export function requestApi(
  handlers: ChannelHandlers,
  options: { onUnexpectedError?: (error: unknown) => void } = {},
): RequestResponseChannels {
  const api: Partial<Record<RequestChannel, (...args: unknown[]) => Promise<Result<unknown>>>> = {};
  for (const channel of REQUEST_CHANNELS) {
    api[channel] = (...args: unknown[]) =>
      dispatch(channel, args, { handlers, isTrustedSender: () => true, ...options });
  }
  return api as unknown as RequestResponseChannels;
}
