import { toErrorDto } from '../core/errors';
import type { RequestChannel, RequestResponseChannels, Result } from '../shared/ipc-contract';
import { isTrustedSender, type IpcSender, type TrustedRenderer } from './sender-check';
import { validateChannelArgs } from './validate';

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
}

/**
 * One IPC request, minus Electron: refuse a sender that is not our popup page, validate the arguments,
 * call the handler. ipc.ts feeds it `ipcMain.handle` events. An untrusted sender gets a rejection (it has no
 * business with our Result shapes); bad arguments get an `invalid-input` Result the form can show.
 */
export async function dispatchRequest<C extends RequestChannel>(
  channel: C,
  sender: IpcSender,
  args: readonly unknown[],
  context: { handlers: RequestResponseChannels; trusted: TrustedRenderer },
): Promise<Result<unknown>> {
  if (!isTrustedSender(sender, context.trusted)) {
    throw new UntrustedSenderError(`mfa-tray refused "${channel}" from an untrusted sender.`);
  }
  let validated: Parameters<RequestResponseChannels[C]>;
  try {
    validated = validateChannelArgs(channel, args);
  } catch (error) {
    return { ok: false, error: toErrorDto(error) };
  }
  const handler = context.handlers[channel] as (...a: unknown[]) => Promise<Result<unknown>>;
  try {
    return await handler(...validated);
  } catch (error) {
    // Handlers return Results; a throw is a bug. Its text could be anything, so only our own errors pass.
    return { ok: false, error: toErrorDto(error) };
  }
}
