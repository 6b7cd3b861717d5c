import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { REQUEST_CHANNELS } from './channels';
import { dispatch, type ChannelHandlers } from './dispatch';
import { isTrustedSender, type IpcSender, type TrustedRenderer } from './sender-check';

/**
 * The only place that touches ipcMain: one `handle` per channel of the channel map, each going through
 * dispatch (sender check → validation → handler → Result). Returns an unbind for a clean quit.
 */
export function bindIpc(
  handlers: ChannelHandlers,
  trusted: () => TrustedRenderer,
  onUnexpectedError?: (error: unknown) => void,
): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      dispatch(channel, args, {
        handlers,
        isTrustedSender: () => isTrustedSender(senderOf(event), trusted()),
        ...(onUnexpectedError ? { onUnexpectedError } : {}),
      }),
    );
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  try {
    const frame = event.senderFrame;
    return {
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
      webContentsId: event.sender.id,
    };
  } catch {
    // A frame disposed mid-request throws on access: nobody to answer.
    return { frameUrl: null, isMainFrame: false, webContentsId: -1 };
  }
}
