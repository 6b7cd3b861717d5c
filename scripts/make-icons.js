// Draws the tray icons and the app icon into assets/ as PNG, with nothing but Node (zlib for the PNG data).
// Shapes are described in a unit square and rendered with supersampling, so every size comes out anti-aliased.
//
//   node scripts/make-icons.js            writes assets/*.png (commit them)
//   node scripts/make-icons.js --check    exits 1 if assets/ is not what this script draws
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const ASSETS = path.join(__dirname, '..', 'assets');

// ---- PNG ------------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA (straight alpha, 0-255) → PNG bytes: 8-bit RGBA, no filtering, maximum deflate. */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- shapes (unit square, y down) -----------------------------------------------------------------------

const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

function roundedSquare(inset, radius) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  return (x, y) => {
    if (x < inset || x > 1 - inset || y < inset || y > 1 - inset) return false;
    const dx = x < lo ? lo - x : x > hi ? x - hi : 0;
    const dy = y < lo ? lo - y : y > hi ? y - hi : 0;
    return dx * dx + dy * dy <= radius * radius;
  };
}

/**
 * A key lying on the diagonal: the bow at the bottom left, the blade towards the top right, the bits on the
 * upper side. That leaves the bottom-right corner free for the status dot. `scale` shrinks it about `centre`.
 */
function key({ scale = 1, centre = [0.5, 0.5] } = {}) {
  const bow = [0.3, 0.7];
  const along = [Math.SQRT1_2, -Math.SQRT1_2]; // towards the top right
  const side = [-Math.SQRT1_2, -Math.SQRT1_2]; // towards the top left, where the bits are
  const local = (x, y) => {
    // Undo the scaling, then express the point in the key's own axes (origin at the bow's centre).
    const ux = centre[0] + (x - centre[0]) / scale - bow[0];
    const uy = centre[1] + (y - centre[1]) / scale - bow[1];
    return [ux * along[0] + uy * along[1], ux * side[0] + uy * side[1]];
  };
  const box = (a0, a1, s0, s1) => (x, y) => {
    const [a, s] = local(x, y);
    return a >= a0 && a <= a1 && s >= s0 && s <= s1;
  };
  const ring = (x, y) => {
    const [a, s] = local(x, y);
    const d2 = a * a + s * s;
    return d2 <= 0.22 ** 2 && d2 >= 0.09 ** 2;
  };
  const blade = box(0.18, 0.8, -0.075, 0.075);
  const bit1 = box(0.52, 0.63, 0.0, 0.2);
  const bit2 = box(0.69, 0.8, 0.0, 0.16);
  return union(ring, blade, bit1, bit2);
}

const DOT = { cx: 0.78, cy: 0.78, r: 0.2, gap: 0.29 };
const dot = circle(DOT.cx, DOT.cy, DOT.r);
const dotGap = circle(DOT.cx, DOT.cy, DOT.gap);
const hollowDot = minus(dot, circle(DOT.cx, DOT.cy, DOT.r - 0.085));

// ---- rendering ------------------------------------------------------------------------------------------

/**
 * Layers, painted in order: { shape, colour: [r,g,b,a] or (x, y) => [r,g,b,a] } or { shape, clear: true } to
 * cut a transparent hole through everything below. Coverage comes from samples × samples points per pixel.
 */
function render(size, layers, samples = size >= 128 ? 4 : 8) {
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Premultiplied accumulation over the sub-samples.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue;
            if (layer.clear) {
              cr = cg = cb = ca = 0;
              continue;
            }
            const [lr, lg, lb, la] = typeof layer.colour === 'function' ? layer.colour(x, y) : layer.colour;
            const alpha = la / 255;
            cr = lr * alpha + cr * (1 - alpha);
            cg = lg * alpha + cg * (1 - alpha);
            cb = lb * alpha + cb * (1 - alpha);
            ca = alpha + ca * (1 - alpha);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      out[i] = alpha > 0 ? Math.round(r / n / alpha) : 0;
      out[i + 1] = alpha > 0 ? Math.round(g / n / alpha) : 0;
      out[i + 2] = alpha > 0 ? Math.round(b / n / alpha) : 0;
      out[i + 3] = Math.round(alpha * 255);
    }
  }
  return out;
}

const BLACK = [0, 0, 0, 255];
const WHITE = [255, 255, 255, 255];
const TILE = [40, 52, 71, 255]; // slate: reads on light and dark taskbars alike
const STATE_COLOURS = { ok: [34, 197, 94, 255], expiring: [245, 158, 11, 255], alert: [239, 68, 68, 255] };

/** Windows/Linux: a white key on a dark tile, the state as a coloured dot in the corner. */
function colourTray(state) {
  return [
    { shape: roundedSquare(0.02, 0.2), colour: TILE },
    { shape: key({ scale: 0.8, centre: [0.45, 0.45] }), colour: WHITE },
    { shape: dotGap, clear: true },
    { shape: dot, colour: STATE_COLOURS[state] },
  ];
}

/**
 * macOS menu bar: template images are black + alpha and recoloured by the system, so the state is a shape:
 * no mark when all is well, a ring while expiring, a solid dot when something needs a code.
 */
function templateTray(state) {
  const layers = [{ shape: key({ scale: 0.92, centre: [0.4, 0.6] }), colour: BLACK }];
  if (state === 'expiring') layers.push({ shape: dotGap, clear: true }, { shape: hollowDot, colour: BLACK });
  if (state === 'alert') layers.push({ shape: dotGap, clear: true }, { shape: dot, colour: BLACK });
  return layers;
}

/** 512×512 app icon: the key on a blue tile, inset like a macOS icon so it sits well beside others. */
function appIcon() {
  const top = [59, 130, 246];
  const bottom = [30, 58, 138];
  const gradient = (_x, y) => [
    top[0] + (bottom[0] - top[0]) * y,
    top[1] + (bottom[1] - top[1]) * y,
    top[2] + (bottom[2] - top[2]) * y,
    255,
  ];
  return [
    { shape: roundedSquare(0.1, 0.18), colour: gradient },
    { shape: key({ scale: 0.62, centre: [0.5, 0.5] }), colour: WHITE },
  ];
}

function icons() {
  const files = [];
  for (const state of ['ok', 'expiring', 'alert']) {
    files.push([`tray-${state}.png`, 16, colourTray(state)], [`tray-${state}@2x.png`, 32, colourTray(state)]);
    const base = { ok: 'trayTemplate', expiring: 'trayExpiringTemplate', alert: 'trayAlertTemplate' }[state];
    files.push([`${base}.png`, 16, templateTray(state)], [`${base}@2x.png`, 32, templateTray(state)]);
  }
  files.push(['icon.png', 512, appIcon()]);
  return files.map(([name, size, layers]) => ({ name, png: encodePng(size, render(size, layers)) }));
}

function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  fs.mkdirSync(ASSETS, { recursive: true });
  for (const { name, png } of icons()) {
    const file = path.join(ASSETS, name);
    if (check) {
      if (!fs.existsSync(file) || !fs.readFileSync(file).equals(png)) {
        console.error(`assets/${name} is out of date: run node scripts/make-icons.js`);
        stale += 1;
      }
    } else {
      fs.writeFileSync(file, png);
      console.log(`assets/${name} (${png.length} bytes)`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (require.main === module) main();

module.exports = { encodePng, crc32 };
