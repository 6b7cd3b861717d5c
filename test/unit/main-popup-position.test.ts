import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  POPUP_GAP,
  popupPosition,
  shouldShowOnTrayClick,
  trayEdge,
  type Rect,
} from '../../src/main/popup-position';

const size = { width: 360, height: 520 };
const display: Rect = { x: 0, y: 0, width: 1920, height: 1080 };

test('macOS menu bar (top): centred under the icon, just below the bar', () => {
  const workArea = { x: 0, y: 25, width: 1920, height: 1055 };
  const anchor = { x: 1500, y: 0, width: 22, height: 24 };
  assert.equal(trayEdge(anchor, workArea, display), 'top');
  assert.deepEqual(popupPosition({ anchor, size, workArea, display }), {
    x: 1500 + 11 - 180,
    y: 25 + POPUP_GAP,
  });
});

test('Windows taskbar at the bottom: above the icon', () => {
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
  const anchor = { x: 1700, y: 1044, width: 32, height: 32 };
  assert.equal(trayEdge(anchor, workArea, display), 'bottom');
  assert.deepEqual(popupPosition({ anchor, size, workArea, display }), {
    x: 1716 - 180,
    y: 1040 - 520 - POPUP_GAP,
  });
});

test('taskbar on the left / right: beside the icon, vertically centred on it', () => {
  const left = { x: 62, y: 0, width: 1858, height: 1080 };
  const leftAnchor = { x: 15, y: 600, width: 32, height: 32 };
  assert.equal(trayEdge(leftAnchor, left, display), 'left');
  assert.deepEqual(popupPosition({ anchor: leftAnchor, size, workArea: left, display }), {
    x: 62 + POPUP_GAP,
    y: 616 - 260,
  });

  const right = { x: 0, y: 0, width: 1858, height: 1080 };
  const rightAnchor = { x: 1875, y: 600, width: 32, height: 32 };
  assert.equal(trayEdge(rightAnchor, right, display), 'right');
  assert.deepEqual(popupPosition({ anchor: rightAnchor, size, workArea: right, display }), {
    x: 1858 - 360 - POPUP_GAP,
    y: 616 - 260,
  });
});

test('clamped into the work area: icon in a corner, popup taller than the room beside a side taskbar', () => {
  // Bottom-right corner icon: the popup may not run off the right edge.
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
  assert.deepEqual(
    popupPosition({ anchor: { x: 1900, y: 1044, width: 20, height: 32 }, size, workArea, display }),
    { x: 1920 - 360, y: 1040 - 520 - POPUP_GAP },
  );
  // Top-left icon on a top bar: not past the left edge.
  const top = { x: 0, y: 32, width: 1920, height: 1048 };
  assert.deepEqual(
    popupPosition({ anchor: { x: 4, y: 0, width: 24, height: 32 }, size, workArea: top, display }),
    {
      x: 0,
      y: 32 + POPUP_GAP,
    },
  );
  // Icon low on a right taskbar: the popup is pushed up to stay on screen.
  const right = { x: 0, y: 0, width: 1858, height: 1080 };
  assert.deepEqual(
    popupPosition({ anchor: { x: 1875, y: 1040, width: 32, height: 32 }, size, workArea: right, display }),
    { x: 1858 - 360 - POPUP_GAP, y: 1080 - 520 },
  );
  // A work area smaller than the popup: top-left stays visible.
  const tiny = { x: 0, y: 0, width: 300, height: 400 };
  assert.deepEqual(
    popupPosition({
      anchor: { x: 280, y: 410, width: 20, height: 20 },
      size,
      workArea: tiny,
      display: { x: 0, y: 0, width: 300, height: 430 },
    }),
    { x: 0, y: 0 },
  );
});

test('second monitor with negative coordinates, taskbar at the bottom', () => {
  const secondDisplay = { x: -1280, y: 0, width: 1280, height: 1024 };
  const workArea = { x: -1280, y: 0, width: 1280, height: 984 };
  const anchor = { x: -700, y: 990, width: 32, height: 32 };
  assert.deepEqual(popupPosition({ anchor, size, workArea, display: secondDisplay }), {
    x: -684 - 180,
    y: 984 - 520 - POPUP_GAP,
  });
  // Near its right edge: kept on this display, not spilling onto the primary one.
  assert.equal(
    popupPosition({
      anchor: { x: -40, y: 990, width: 32, height: 32 },
      size,
      workArea,
      display: secondDisplay,
    }).x,
    -360,
  );
});

test('auto-hidden taskbar (work area = display): the edge nearest the icon', () => {
  assert.equal(trayEdge({ x: 1800, y: 1070, width: 10, height: 10 }, display, display), 'bottom');
  assert.equal(trayEdge({ x: 900, y: 2, width: 10, height: 10 }, display, display), 'top');
  assert.equal(trayEdge({ x: 1915, y: 500, width: 4, height: 4 }, display, display), 'right');
  // Linux gives no tray bounds; tray.ts anchors at the pointer (a 1×1 rectangle) instead.
  assert.deepEqual(
    popupPosition({ anchor: { x: 1800, y: 8, width: 1, height: 1 }, size, workArea: display, display }),
    { x: 1560, y: 9 + POPUP_GAP },
  );
});

test('tray click after the popup hid on blur is a close, not a reopen', () => {
  assert.equal(shouldShowOnTrayClick({ visible: true, lastHiddenAtMs: undefined, nowMs: 1000 }), false);
  assert.equal(shouldShowOnTrayClick({ visible: false, lastHiddenAtMs: undefined, nowMs: 1000 }), true);
  assert.equal(shouldShowOnTrayClick({ visible: false, lastHiddenAtMs: 900, nowMs: 1000 }), false);
  assert.equal(shouldShowOnTrayClick({ visible: false, lastHiddenAtMs: 500, nowMs: 1000 }), true);
});
