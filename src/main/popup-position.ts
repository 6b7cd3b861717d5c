/** Electron's Rectangle, structurally. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Edge = 'top' | 'bottom' | 'left' | 'right';

/** Gap between the tray (or the taskbar's edge) and the popup. */
export const POPUP_GAP = 4;

export function isEmptyRect(rect: Rect): boolean {
  return rect.width <= 0 || rect.height <= 0;
}

/**
 * Which screen edge the tray sits on. The work area is the display minus the taskbar/menu bar, so the side
 * where they differ is the taskbar's. With no difference (an auto-hiding taskbar, some Linux panels) the edge
 * nearest to the tray icon is taken.
 */
export function trayEdge(anchor: Rect, workArea: Rect, display: Rect): Edge {
  if (workArea.y > display.y) return 'top';
  if (workArea.y + workArea.height < display.y + display.height) return 'bottom';
  if (workArea.x > display.x) return 'left';
  if (workArea.x + workArea.width < display.x + display.width) return 'right';
  const cx = anchor.x + anchor.width / 2;
  const cy = anchor.y + anchor.height / 2;
  const distances: [Edge, number][] = [
    ['top', cy - display.y],
    ['bottom', display.y + display.height - cy],
    ['left', cx - display.x],
    ['right', display.x + display.width - cx],
  ];
  distances.sort((a, b) => a[1] - b[1]);
  return distances[0][0];
}

/**
 * Where a `size` popup goes so that it hangs off the tray icon (`anchor`): below a top bar (macOS menu bar,
 * GNOME), above a bottom taskbar (Windows default), beside a left/right taskbar — centred on the icon along the
 * bar, then clamped into the work area so it never covers the taskbar or leaves the screen.
 */
export function popupPosition(options: {
  anchor: Rect;
  size: { width: number; height: number };
  workArea: Rect;
  display: Rect;
}): { x: number; y: number } {
  const { anchor, size, workArea, display } = options;
  const edge = trayEdge(anchor, workArea, display);
  const centreX = anchor.x + anchor.width / 2 - size.width / 2;
  const centreY = anchor.y + anchor.height / 2 - size.height / 2;
  let x: number;
  let y: number;
  switch (edge) {
    case 'top':
      x = centreX;
      y = Math.max(anchor.y + anchor.height, workArea.y) + POPUP_GAP;
      break;
    case 'bottom':
      x = centreX;
      y = Math.min(anchor.y, workArea.y + workArea.height) - size.height - POPUP_GAP;
      break;
    case 'left':
      x = Math.max(anchor.x + anchor.width, workArea.x) + POPUP_GAP;
      y = centreY;
      break;
    case 'right':
      x = Math.min(anchor.x, workArea.x + workArea.width) - size.width - POPUP_GAP;
      y = centreY;
      break;
  }
  return {
    x: Math.round(clamp(x, workArea.x, workArea.x + workArea.width - size.width)),
    y: Math.round(clamp(y, workArea.y, workArea.y + workArea.height - size.height)),
  };
}

/** Clamps into [min, max]; a popup larger than the work area keeps its top-left corner inside. */
function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

/**
 * Clicking the tray icon while the popup is open first blurs the popup (which hides it), then delivers the
 * click: without this the click would show it again at once. A click that follows a blur-hide within
 * `graceMs` is the user closing the popup.
 */
export function shouldShowOnTrayClick(state: {
  visible: boolean;
  lastHiddenAtMs: number | undefined;
  nowMs: number;
  graceMs?: number;
}): boolean {
  if (state.visible) return false;
  if (state.lastHiddenAtMs === undefined) return true;
  return state.nowMs - state.lastHiddenAtMs > (state.graceMs ?? 250);
}
