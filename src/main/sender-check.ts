/**
 * Who may call the main process over IPC: only the popup's own top-level frame, showing our own renderer
 * file. A page the popup was somehow navigated to, an iframe, or any other webContents (a DevTools
 * extension, a future window) gets nothing — the handlers can log in, change keys and read profile data.
 */

export interface IpcSender {
  /** `event.senderFrame?.url`; null when the frame has navigated away or is gone. */
  frameUrl: string | null | undefined;
  /** `event.senderFrame.parent === null`: a top-level frame, not an iframe. */
  isMainFrame: boolean;
  /** `event.sender.id`. */
  webContentsId: number;
}

export interface TrustedRenderer {
  /** file:// URL of renderer/dist/index.html (`url.pathToFileURL(path).href`). */
  fileUrl: string;
  /** The popup window's `webContents.id`, undefined while there is no popup. */
  webContentsId: number | undefined;
}

export function isTrustedSender(sender: IpcSender, trusted: TrustedRenderer): boolean {
  if (trusted.webContentsId === undefined || sender.webContentsId !== trusted.webContentsId) return false;
  if (!sender.isMainFrame) return false;
  if (typeof sender.frameUrl !== 'string') return false;
  return isRendererUrl(sender.frameUrl, trusted.fileUrl);
}

/**
 * Whether `url` is our renderer page. Only the query and fragment may differ (the page may route with a
 * `#hash`); the scheme must be file:, with no host, and the path ours (`..` segments are resolved first).
 */
export function isRendererUrl(url: string, rendererFileUrl: string): boolean {
  let candidate: URL;
  let expected: URL;
  try {
    candidate = new URL(url);
    expected = new URL(rendererFileUrl);
  } catch {
    return false;
  }
  return (
    candidate.protocol === 'file:' &&
    expected.protocol === 'file:' &&
    candidate.host === '' &&
    candidate.host === expected.host &&
    candidate.username === '' &&
    candidate.password === '' &&
    samePath(candidate.pathname, expected.pathname)
  );
}

/** Chromium and Node may percent-encode different characters of the same path (spaces, non-ASCII names). */
function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return decodeURIComponent(a) === decodeURIComponent(b);
  } catch {
    return false;
  }
}
