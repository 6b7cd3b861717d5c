import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { trayIconFile, type TrayState } from '../../src/main/tray-model';

const repoRoot = path.resolve(__dirname, '..', '..', __filename.endsWith('.ts') ? '' : '..');
const assets = path.join(repoRoot, 'assets');

/** Width, height and RGBA pixels of the 8-bit RGBA, unfiltered PNGs that make-icons.js writes. */
function readPng(file: string): { width: number; height: number; rgba: Buffer } {
  const png = fs.readFileSync(file);
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG', file);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.deepEqual([png[24], png[25]], [8, 6], `${file}: 8-bit RGBA`);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.subarray(offset + 4, offset + 8).toString('ascii') === 'IDAT') {
      idat.push(png.subarray(offset + 8, offset + 8 + length));
    }
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, 'filter none');
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

const STATES: TrayState[] = ['ok', 'expiring', 'alert'];

test('every tray icon the app asks for exists at 16 px, with a 32 px @2x beside it', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    for (const state of STATES) {
      const file = trayIconFile(state, platform);
      const one = readPng(path.join(assets, file));
      const two = readPng(path.join(assets, file.replace(/\.png$/, '@2x.png')));
      assert.deepEqual([one.width, one.height, two.width, two.height], [16, 16, 32, 32], file);
    }
  }
});

test('macOS template images are black + alpha only, and the three states differ', () => {
  const images = STATES.map((state) =>
    readPng(path.join(assets, trayIconFile(state, 'darwin').replace('.png', '@2x.png'))),
  );
  for (const { rgba } of images) {
    for (let i = 0; i < rgba.length; i += 4) {
      assert.deepEqual([rgba[i], rgba[i + 1], rgba[i + 2]], [0, 0, 0]);
    }
  }
  assert.notDeepEqual(images[0].rgba, images[1].rgba);
  assert.notDeepEqual(images[1].rgba, images[2].rgba);
});

test('the app icon is 512×512 with transparent corners', () => {
  const { width, height, rgba } = readPng(path.join(assets, 'icon.png'));
  assert.deepEqual([width, height], [512, 512]);
  assert.equal(rgba[3], 0);
  assert.equal(rgba[(256 * 512 + 256) * 4 + 3], 255);
});

test('assets/ is what scripts/make-icons.js draws', () => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'make-icons.js'), '--check'], {
    stdio: 'pipe',
  });
});
