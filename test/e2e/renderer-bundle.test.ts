// The production renderer bundle (renderer/dist, as `npm run build:renderer` makes it) carries no dev host
// HTTP fallback: in Electron the preload is the only way to the app. The dev host adds the shim itself.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { httpShimScript, requireBuiltRenderer, SHIM_PATH, withShim } from './dev-host';

/** Strings only the HTTP shim (renderer/src/api/http-api.ts) has. */
const SHIM_MARKERS = ['mfa-tray dev host', '/events', 'EventSource'];

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('the built renderer has no HTTP fallback; the dev host serves it separately', () => {
  const dist = requireBuiltRenderer();
  const scripts = files(dist).filter((f) => /\.(m?js|html)$/.test(f));
  assert.ok(
    scripts.some((f) => f.endsWith('.js')),
    'the bundle has scripts',
  );
  for (const file of scripts) {
    const text = fs.readFileSync(file, 'utf8');
    for (const marker of SHIM_MARKERS)
      assert.ok(!text.includes(marker), `${path.relative(dist, file)} holds "${marker}" of the HTTP shim`);
  }
  // The markers do find the shim: the check above can fail.
  const shim = httpShimScript();
  for (const marker of SHIM_MARKERS) assert.ok(shim.includes(marker), `the shim holds "${marker}"`);
  assert.match(shim, /window\.mfaTray \?\?= createHttpApi\(\["app:info",/);
  const html = withShim(fs.readFileSync(path.join(dist, 'index.html'), 'utf8'));
  assert.ok(
    html.indexOf(`src=".${SHIM_PATH}"`) < html.indexOf('<script type="module" crossorigin'),
    'the shim runs before the app',
  );
});
