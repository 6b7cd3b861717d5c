/// <reference lib="dom" />
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { Figure } from './run';

const rendererDist = path.resolve(__dirname, '..', '..', 'renderer', 'dist');
const RUNS = 20;

/** Gzipped size of everything the popup loads (JS + CSS + HTML). */
export function rendererBundleFigures(): Figure[] {
  const files = [path.join(rendererDist, 'index.html')];
  for (const f of fs.readdirSync(path.join(rendererDist, 'assets')))
    files.push(path.join(rendererDist, 'assets', f));
  let raw = 0;
  let gzipped = 0;
  for (const f of files) {
    const bytes = fs.readFileSync(f);
    raw += bytes.length;
    gzipped += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return [
    { name: 'renderer bundle, raw', value: raw / 1024, unit: 'KB' },
    { name: 'renderer bundle, gzipped', value: gzipped / 1024, unit: 'KB', target: '≤ 250 KB' },
  ];
}

/**
 * Time from navigation start to the status view showing its first profile row, in Debian's Chromium, with
 * the preload's API stood in by an in-page object answering at once (this measures the popup, not AWS).
 */
export async function popupFirstRenderFigures(): Promise<Figure[]> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(rendererDist, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(rendererDist) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'Content-Type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 520 } });
    await context.addInitScript(() => {
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const profile = {
        name: 'bench',
        state: 'valid',
        expiresAt,
        target: 'bench-mfa',
        delivery: 'file',
        region: 'us-east-1',
        durationSeconds: 43200,
        mfaSerial: 'arn:aws:iam::123456789012:mfa/bench',
        accountId: '123456789012',
        accessKeyIdSuffix: 'ABCD',
      };
      const values: Record<string, unknown> = {
        'app:info': { version: 'bench', platform: 'linux', prompt: null },
        'profiles:list': [profile],
        'settings:get': { leadTimeSeconds: 600, notifications: true, language: 'en', startAtLogin: false },
        'profiles:import-candidates': [],
      };
      const api = new Proxy(
        { on: () => () => undefined },
        {
          get: (target, channel: string) =>
            channel === 'on'
              ? target.on
              : () => Promise.resolve({ ok: true, value: values[channel] ?? null }),
        },
      );
      Object.defineProperty(window, 'mfaTray', { value: api });
    });
    const times: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const page = await context.newPage();
      await page.goto(url);
      // Read the clock in the page, on the first animation frame that has the row: no round-trip counted.
      const handle = await page.waitForFunction(
        () => (document.querySelector('[data-testid="profile-row-bench"]') ? performance.now() : 0),
        undefined,
        { polling: 'raf' },
      );
      const ms = await handle.jsonValue();
      if (i > 0) times.push(ms); // the first load warms the HTTP cache and the browser
      await page.close();
    }
    times.sort((a, b) => a - b);
    return [
      {
        name: 'popup first render in Chromium (median)',
        value: times[Math.floor(times.length / 2)],
        unit: 'ms',
      },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}
