/**
 * The dev host: serves the built renderer (renderer/dist) and the app's typed API over loopback HTTP, for
 * the renderer's HTTP shim (renderer/src/api/http-api.ts). The API is the real AppController over the
 * real core (OS keychain, AWS files, AWS endpoint from the environment): only Electron is missing.
 * The shim is not in the production bundle: the host serves it, transpiled, as /dev-host-api.js and adds
 * it to index.html before the app's script, where it sets `window.mfaTray` as the preload does.
 *
 *   POST /api/<channel>   {"args": [...]}  →  the contract's Result, as JSON
 *   GET  /api/events      Server-Sent Events: data: {"event": <EventChannel>, "payload": …}
 *   POST /test/clock      {"offsetMs": n}   moves the host's clock (its timers follow)
 *   POST /test/prompt     {"name", "reason"?}  as if a notification was clicked
 *   POST /test/resume     as if the machine woke from sleep
 *   GET  /test/state      the host's clock and shell state
 *
 * By hand: `node dist/test/e2e/dev-host.js` (inside scripts/with-keyring.sh on a machine without a
 * keychain) starts a sandbox — temp MFA_TRAY_HOME and AWS files, the moto-backed AWS test layer and a demo
 * IAM user with an MFA device — and prints the URL, the demo keys and the current codes. `--no-sandbox`
 * uses the environment as it is instead (careful: that is your real profile list and AWS files).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import ts from 'typescript';
import type { Clock } from '../../src/core/clock';
import type { SecretStore } from '../../src/core/keychain/secret-store';
import { openCore } from '../../src/core/open';
import type { MfaTrayCore } from '../../src/core/mfa-tray-core';
import { AppController } from '../../src/main/app-controller';
import { isRequestChannel, REQUEST_CHANNELS } from '../../src/main/channels';
import { dispatch } from '../../src/main/dispatch';
import { validateProfileName } from '../../src/main/validate';
import type { EventChannel, EventChannels, PromptReason } from '../../src/shared/ipc-contract';
import { englishRuns } from '../support/english-runs';

export interface DevHostOptions {
  /** The environment the core is opened with: MFA_TRAY_HOME, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, AWS_ENDPOINT_URL… */
  env: NodeJS.ProcessEnv;
  /** Default: renderer/dist of this checkout. */
  rendererDir?: string;
  /** Default: any free port. Always 127.0.0.1. */
  port?: number;
  /** Run the CLI bridge socket (default true). */
  bridge?: boolean;
  /** Serve the /test/ control endpoints (default true). */
  testControls?: boolean;
  /** Default: the OS keychain, as the app uses it. */
  secrets?: SecretStore;
  version?: string;
  /** Called with each event sent to the page (after it was sent). */
  onEvent?: (event: EventChannel, payload: unknown) => void;
}

export interface DevHost {
  url: string;
  controller: AppController;
  core: MfaTrayCore;
  clock: OffsetClock;
  /** Moves the host's clock to real time + ms; its timers (the session scheduler's) fire as if time passed. */
  setClockOffset(ms: number): void;
  stop(): Promise<void>;
}

/** Largest delay Node's timers take without overflowing. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_BODY_BYTES = 64 * 1024;

/** Real time plus an adjustable offset; timers are kept in the offset time, so moving it fires what is due. */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void; handle?: NodeJS.Timeout }>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now() + Math.max(0, ms), callback });
    this.arm(id);
    return id;
  }

  clearTimeout(handle: unknown): void {
    const timer = this.timers.get(handle as number);
    if (timer?.handle) clearTimeout(timer.handle);
    this.timers.delete(handle as number);
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
    // Re-arm in the order the timers are due, so those that became due fire in time order.
    const ids = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0]).map(([id]) => id);
    for (const id of ids) this.arm(id);
  }

  private arm(id: number): void {
    const timer = this.timers.get(id);
    if (!timer) return;
    if (timer.handle) clearTimeout(timer.handle);
    const delay = Math.min(Math.max(0, timer.at - this.now()), MAX_TIMER_MS);
    timer.handle = setTimeout(() => {
      if (this.now() < timer.at) return this.arm(id);
      this.timers.delete(id);
      timer.callback();
    }, delay);
    // Like systemClock: a pending timer must not keep the process alive.
    timer.handle.unref();
  }
}

export function repoRoot(): string {
  // test/e2e when run by tsx, dist/test/e2e when compiled.
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export function defaultRendererDir(): string {
  return path.join(repoRoot(), 'renderer', 'dist');
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

/** Where the page loads the HTTP shim from; it runs before the app's script. */
export const SHIM_PATH = '/dev-host-api.js';

/**
 * renderer/src/api/http-api.ts as a browser module that sets `window.mfaTray` (the file imports types only,
 * so transpiling it alone is enough).
 */
export function httpShimScript(): string {
  const source = fs.readFileSync(path.join(repoRoot(), 'renderer', 'src', 'api', 'http-api.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return `${outputText}\nwindow.mfaTray ??= createHttpApi(${JSON.stringify(REQUEST_CHANNELS)});\n`;
}

/** The built index.html with the shim's script before the app's (module scripts run in document order). */
export function withShim(html: string): string {
  const at = html.indexOf('<script type="module"');
  if (at < 0) throw new Error('index.html has no module script to put the dev host API before.');
  return `${html.slice(0, at)}<script type="module" src=".${SHIM_PATH}"></script>\n    ${html.slice(at)}`;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  const clock = new OffsetClock();
  const core = openCore(options.env, { clock, ...(options.secrets ? { secrets: options.secrets } : {}) });
  const eventStreams = new Set<http.ServerResponse>();
  const shim = httpShimScript();
  let hidden = 0;
  let quitRequests = 0;
  let helpRequests = 0;
  let startAtLogin = false;

  const emit = <E extends EventChannel>(event: E, payload: EventChannels[E]): void => {
    const message = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const stream of eventStreams) stream.write(message);
    options.onEvent?.(event, payload);
  };
  const controller = new AppController({
    core,
    clock,
    emit,
    loginItem: {
      get: () => startAtLogin,
      set: (enabled) => {
        startAtLogin = enabled;
        return Promise.resolve();
      },
    },
    version: options.version ?? 'dev-host',
    platform: process.platform,
    hideWindow: () => (hidden += 1),
    // No app to quit and no browser to open here: counted, for the tests (GET /test/state).
    quit: () => (quitRequests += 1),
    openHelp: () => {
      helpRequests += 1;
    },
    bridge: options.bridge ?? true,
  });
  const started = await controller.start();
  if (started.bridgeError) {
    await controller.stop();
    throw started.bridgeError instanceof Error
      ? started.bridgeError
      : new Error('The CLI bridge did not start.');
  }

  let origin = '';
  const allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      // Messages here are the host's own; unexpected ones stay generic, like the app's.
      const message = error instanceof HttpError ? error.message : 'dev host error';
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(message);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Loopback only, and only under our own name: a page elsewhere that rebinds a DNS name to 127.0.0.1
    // cannot talk to the API, nor can a cross-site form post (JSON only, same-origin or loopback Origin).
    if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpError(421, 'Unknown host');
    const url = new URL(req.url ?? '/', origin);
    const pathname = url.pathname;
    if (pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
    if (pathname.startsWith('/api/') || pathname.startsWith('/test/')) {
      if (req.method === 'GET' && pathname === '/test/state' && options.testControls !== false) {
        return sendJson(res, 200, {
          clockOffsetMs: clock.offset,
          now: clock.now(),
          hidden,
          startAtLogin,
          quitRequests,
          helpRequests,
        });
      }
      if (req.method !== 'POST') throw new HttpError(405, 'POST only');
      checkPostOrigin(req);
      const body = await readJsonBody(req);
      if (pathname.startsWith('/api/'))
        return callChannel(decodeURIComponent(pathname.slice('/api/'.length)), body, res);
      if (options.testControls === false) throw new HttpError(404, 'Not found');
      return testControl(pathname, body, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'GET only');
    if (pathname === SHIM_PATH) return sendBody(res, req, CONTENT_TYPES['.js'], Buffer.from(shim));
    return serveStatic(pathname, req, res);
  }

  function checkPostOrigin(req: http.IncomingMessage): void {
    const requestOrigin = req.headers.origin;
    if (
      requestOrigin !== undefined &&
      requestOrigin !== origin &&
      !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(requestOrigin)
    ) {
      throw new HttpError(403, 'Cross-origin request refused');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new HttpError(415, 'Send application/json');
    }
  }

  async function callChannel(channel: string, body: unknown, res: http.ServerResponse): Promise<void> {
    if (!isRequestChannel(channel)) {
      return sendJson(res, 404, { ok: false, error: { kind: 'invalid-input', message: 'Unknown request.' } });
    }
    const args = isRecord(body) && body.args !== undefined ? body.args : [];
    // The one dispatch, exactly as behind Electron's IPC; the sender (the HTTP origin) was checked above.
    sendJson(
      res,
      200,
      await dispatch(channel, args, { handlers: controller.requests, isTrustedSender: () => true }),
    );
  }

  function testControl(pathname: string, body: unknown, res: http.ServerResponse): void {
    const fields = isRecord(body) ? body : {};
    switch (pathname) {
      case '/test/clock': {
        const offsetMs = fields.offsetMs;
        if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs))
          throw new HttpError(400, 'offsetMs must be a number');
        clock.setOffset(offsetMs);
        return sendJson(res, 200, { ok: true, value: { offsetMs, now: clock.now() } });
      }
      case '/test/prompt': {
        const reason = (fields.reason ?? 'expiring') as PromptReason;
        if (!['user', 'expiring', 'expired', 'cli'].includes(reason))
          throw new HttpError(400, 'unknown reason');
        try {
          const name = validateProfileName(fields.name);
          return sendJson(res, 200, { ok: true, value: controller.openPrompt(name, reason) });
        } catch (error) {
          return sendJson(res, 200, {
            ok: false,
            error: { kind: 'invalid-input', message: (error as Error).message },
          });
        }
      }
      case '/test/resume':
        controller.resume();
        return sendJson(res, 200, { ok: true, value: null });
      default:
        throw new HttpError(404, 'Not found');
    }
  }

  function openEventStream(res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // A comment line: the browser sees the stream open at once.
    res.write(': mfa-tray dev host\n\n');
    eventStreams.add(res);
    res.on('close', () => eventStreams.delete(res));
  }

  function serveStatic(pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      throw new HttpError(
        503,
        `${rendererDir}/index.html is missing: build the renderer first (npm run build:renderer).`,
      );
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      throw new HttpError(400, 'Bad path');
    }
    let file = path.resolve(
      rendererDir,
      '.' + path.posix.normalize(relative === '/' ? '/index.html' : relative),
    );
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep))
      throw new HttpError(404, 'Not found');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      // Client-side routes get the page; missing assets are a 404.
      if (path.extname(file) !== '') throw new HttpError(404, 'Not found');
      file = path.join(rendererDir, 'index.html');
    }
    let data = fs.readFileSync(file);
    if (path.basename(file) === 'index.html') data = Buffer.from(withShim(data.toString('utf8')));
    sendBody(res, req, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', data);
  }

  function sendBody(res: http.ServerResponse, req: http.IncomingMessage, type: string, data: Buffer): void {
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': data.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts.add(`127.0.0.1:${port}`);
  allowedHosts.add(`localhost:${port}`);

  let stopping: Promise<void> | undefined;
  return {
    url: origin,
    controller,
    core,
    clock,
    setClockOffset: (ms) => clock.setOffset(ms),
    stop: () =>
      (stopping ??= (async () => {
        for (const stream of eventStreams) stream.end();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await controller.stop();
      })()),
  };
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'Body is not JSON');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The environment of a throwaway installation in `dir`: its own profile list, AWS files and keychain namespace. */
export function sandboxEnv(
  dir: string,
  awsEndpoint: string,
  base: NodeJS.ProcessEnv = process.env,
  /** The SORACOM API emulator's base URL (SORACOM_ENDPOINT), when the sandbox has one. */
  soracomEndpoint?: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of Object.keys(env)) {
    // Nothing of a real AWS or SORACOM setup may leak into the sandbox.
    if (key.startsWith('AWS_') || key.startsWith('SORACOM_')) delete env[key];
  }
  return {
    ...env,
    // soracom-cli profile files of SORACOM accounts go here, not to the real ~/.soracom.
    SORACOM_PROFILE_DIR: path.join(dir, 'soracom'),
    ...(soracomEndpoint !== undefined ? { SORACOM_ENDPOINT: soracomEndpoint } : {}),
    MFA_TRAY_HOME: path.join(dir, 'mfa-tray'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws', 'credentials'),
    AWS_CONFIG_FILE: path.join(dir, 'aws', 'config'),
    AWS_ENDPOINT_URL: awsEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

// ---- for the end-to-end tests ------------------------------------------------------------------------------

export const CHROMIUM_PATH = process.env.MFA_TRAY_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * The popup as the tray shows it (360×520 at 2×) in Debian's Chromium, on the dev host's page. Every /api
 * answer is handed to `onApiAnswer`, so a test can prove that none of them carries a secret.
 */
export async function openPopupPage(
  url: string,
  options: {
    colorScheme?: 'light' | 'dark';
    /** No colour transitions: a screenshot right after switching the scheme would catch them half-way. */
    reducedMotion?: 'reduce' | 'no-preference';
    onApiAnswer?: (channel: string, body: string) => void;
    /** Before the first load, e.g. to install Playwright's fake clock. */
    beforeLoad?: (page: Page) => Promise<void>;
  } = {},
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: { width: 360, height: 520 },
    deviceScaleFactor: 2,
    locale: 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    ...(options.reducedMotion ? { reducedMotion: options.reducedMotion } : {}),
  });
  const page = await context.newPage();
  const onApiAnswer = options.onApiAnswer;
  if (onApiAnswer) {
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (!pathname.startsWith('/api/') || pathname === '/api/events') return;
      const channel = decodeURIComponent(pathname.slice('/api/'.length));
      response.text().then(
        (body) => onApiAnswer(channel, body),
        () => {},
      );
    });
  }
  await options.beforeLoad?.(page);
  await page.goto(url);
  return { browser, page };
}

/** The built renderer's directory; throws (the e2e tests fail, never pass vacuously) when it is not built. */
export function requireBuiltRenderer(): string {
  const dir = defaultRendererDir();
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(
      `The end-to-end tests need the built renderer, and ${path.join(dir, 'index.html')} is missing: run \`npm run build:renderer\` first.`,
    );
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`The end-to-end tests need Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium.`);
  }
  return dir;
}

/** test-artifacts/screenshots/<name>.png, the directory made if needed. */
export function screenshotPath(name: string): string {
  const dir = path.join(repoRoot(), 'test-artifacts', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

async function runByHand(argv: string[]): Promise<void> {
  const portIndex = argv.indexOf('--port');
  const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : 0;
  if (argv.includes('--no-sandbox')) {
    const host = await startDevHost({ env: process.env, port });
    process.stdout.write(`mfa-tray dev host (your real environment): ${host.url}\n`);
    process.once('SIGINT', () => void host.stop().then(() => process.exit(0)));
    return;
  }
  const { createUser, startAwsTestEnv, totpCode } = await import('../support/aws-test-env.js');
  const { SoracomEmulator } = await import('../support/soracom/server.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-dev-host-'));
  const aws = await startAwsTestEnv();
  const soracom = await SoracomEmulator.start();
  const soracomOperator = soracom.addOperator({ email: 'demo@example.com', password: 'demo-password-1' });
  const env = sandboxEnv(dir, aws.endpoint, process.env, soracom.endpoint);
  const host = await startDevHost({ env, port });
  const user = await createUser(aws, 'demo');
  process.stdout.write(
    `mfa-tray dev host: ${host.url}\n` +
      `  sandbox ${dir} (MFA_TRAY_HOME=${env.MFA_TRAY_HOME})\n` +
      `  demo IAM user (moto, throwaway): access key id ${user.accessKeyId}\n` +
      `                                   secret access key ${user.secretAccessKey}\n` +
      `                                   MFA device ${user.serialNumber}\n` +
      `  try the bridge: MFA_TRAY_HOME=${env.MFA_TRAY_HOME} node dist/src/cli/main.js credential-process NAME\n` +
      `  SORACOM emulator (throwaway): ${soracom.endpoint} root account demo@example.com / demo-password-1\n` +
      `                                operator ${soracomOperator.operatorId}, no MFA yet (scan the popup's QR)\n`,
  );
  const printCode = () => process.stdout.write(`  current code: ${totpCode(user.seed!)}\n`);
  printCode();
  // Print each new code as the 30-s window turns.
  let codes: NodeJS.Timeout | undefined;
  const align = setTimeout(
    () => {
      printCode();
      codes = setInterval(printCode, 30_000);
    },
    30_000 - (Date.now() % 30_000),
  );
  process.once('SIGINT', () => {
    clearTimeout(align);
    clearInterval(codes);
    void (async () => {
      await host.stop();
      await aws?.stop();
      await soracom.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    })();
  });
}

if (require.main === module) {
  runByHand(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(
      `dev host: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

/**
 * English sentences in the page's visible text (see englishRuns). Text in <code> is left out: it shows
 * commands, ARNs and paths as they are typed in every language (`ykman oath accounts code …`), never a
 * sentence of the UI.
 */
export async function englishSentences(page: Page): Promise<string[]> {
  let text = await page.locator('body').innerText();
  for (const code of await page.locator('code').allInnerTexts()) text = text.replace(code, ' ');
  return englishRuns(text);
}
