import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, screen, type Rectangle } from 'electron';
import type { EventChannel, EventChannels } from '../shared/ipc-contract';
import { isEmptyRect, popupPosition } from './popup-position';
import { isRendererUrl } from './sender-check';

export const POPUP_WIDTH = 360;
export const POPUP_HEIGHT = 520;

export interface RendererLocation {
  /** renderer/dist/index.html */
  file: string;
  /** Its file:// URL: the only page the popup may show and the only IPC sender trusted. */
  fileUrl: string;
  /** The compiled preload (dist/src/preload/index.js). */
  preload: string;
}

/** `appRoot` is `app.getAppPath()` (the checkout, or app.asar when packaged); this file is dist/src/main/. */
export function rendererLocation(appRoot: string): RendererLocation {
  const file = path.join(appRoot, 'renderer', 'dist', 'index.html');
  return {
    file,
    fileUrl: pathToFileURL(file).href,
    preload: path.join(__dirname, '..', 'preload', 'index.js'),
  };
}

/**
 * The popup: frameless, created hidden at start so the tray click shows it instantly. Locked down: isolated,
 * sandboxed, no Node, no navigation, no new windows, no permissions, DevTools only in development.
 */
export function createPopupWindow(location: RendererLocation, options: { devTools: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: POPUP_WIDTH,
    height: POPUP_HEIGHT,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    // A tray popup, not an app window: no taskbar button on Windows/Linux.
    skipTaskbar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.devTools,
      preload: location.preload,
    },
  });
  const contents = win.webContents;

  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Every frame, every navigation: only our own page (a #hash change is a same-document navigation of it).
  contents.on('will-frame-navigate', (event) => {
    if (!isRendererUrl(event.url, location.fileUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url, location.fileUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);

  // Clicking elsewhere dismisses it, like a menu (but not while a developer works in detached DevTools).
  win.on('blur', () => {
    if (!contents.isDevToolsOpened()) hidePopup(win);
  });
  win.loadFile(location.file).catch((error: unknown) => {
    // Usually: the renderer was not built (renderer/dist/index.html missing).
    console.error(
      `mfa-tray: cannot load ${location.file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  return win;
}

/** Shows the popup hanging off the tray icon (or, without usable bounds, at the mouse pointer). */
export function showPopup(win: BrowserWindow, trayBounds: Rectangle | undefined): void {
  if (win.isDestroyed()) return;
  // A crashed page is reloaded when next needed rather than at once, so a page that keeps crashing cannot spin.
  if (win.webContents.isCrashed()) win.webContents.reload();
  const anchor =
    trayBounds && !isEmptyRect(trayBounds)
      ? trayBounds
      : // Linux trays report no bounds: the pointer is where the user just clicked.
        { ...screen.getCursorScreenPoint(), width: 1, height: 1 };
  const display = screen.getDisplayMatching(anchor);
  const [width, height] = win.getSize() as [number, number];
  const { x, y } = popupPosition({
    anchor,
    size: { width, height },
    workArea: display.workArea,
    display: display.bounds,
  });
  win.setPosition(x, y, false);
  win.setAlwaysOnTop(true, 'pop-up-menu');
  if (process.platform === 'darwin') {
    // Open on the current Space, over full-screen apps too, without turning the dock icon back on.
    win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
  }
  win.show();
  win.focus();
}

export function hidePopup(win: BrowserWindow): void {
  if (win.isDestroyed() || !win.isVisible()) return;
  win.setAlwaysOnTop(false);
  win.hide();
}

/** main → renderer events, typed by the contract; dropped while the page is gone. */
export function sendToPopup<E extends EventChannel>(
  win: BrowserWindow,
  event: E,
  payload: EventChannels[E],
): void {
  if (win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(event, payload);
}
