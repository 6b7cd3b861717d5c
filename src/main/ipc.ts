import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { REQUEST_CHANNELS, type RequestResponseChannels } from '../shared/ipc-contract';
import { dispatchRequest } from './ipc-dispatch';
import type { IpcSender, TrustedRenderer } from './sender-check';

/**
 * The only place that touches ipcMain: one `handle` per contract channel, each going through
 * dispatchRequest (sender check → validation → controller). Returns an unbind for a clean quit.
 */
export function bindIpc(handlers: RequestResponseChannels, trusted: () => TrustedRenderer): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      dispatchRequest(channel, senderOf(event), args, { handlers, trusted: trusted() }),
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
