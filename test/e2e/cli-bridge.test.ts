// A CLI call blocked on the bridge socket is answered once the code is typed into the popup, in real
// Chromium, against the real core and the moto-backed AWS test layer. Two calls at once share one prompt.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { askApp } from '../../src/core/bridge/client';
import { secretAccounts } from '../../src/core/keychain/secret-store';
import { mfaTrayHome } from '../../src/core/paths';
import {
  createUser,
  startAwsTestEnv,
  totpCode,
  waitForFreshWindow,
  type AwsTestEnv,
  type TestUser,
} from '../support/aws-test-env';
import {
  type DevHost,
  openPopupPage,
  repoRoot,
  requireBuiltRenderer,
  sandboxEnv,
  screenshotPath,
  startDevHost,
} from './dev-host';

const NAME = 'bob';
/** The built CLI; MFA_TRAY_E2E_CLI points at another build (to try a CLI change before it lands). */
const CLI = process.env.MFA_TRAY_E2E_CLI ?? path.join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

let aws: AwsTestEnv;
let user: TestUser;
let dir: string;
let env: NodeJS.ProcessEnv;
let host: DevHost;
let browser: Browser;
let page: Page;

interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Whether the built CLI asks the app through the bridge yet (it is wired separately). */
function cliUsesBridge(): boolean {
  return fs.existsSync(CLI) && fs.readFileSync(CLI, 'utf8').includes('bridge/client');
}

/**
 * `mfa-tray credential-process NAME` as the AWS CLI runs it. Without a bridge-aware CLI build, the same
 * request goes through the bridge client directly, and its answer is printed the way the CLI would.
 */
function credentialProcess(name: string): Promise<CliOutcome> {
  if (!cliUsesBridge()) {
    return askApp(mfaTrayHome(env), { type: 'session', name, reason: 'credential-process' }).then(
      (answer) => {
        if (answer?.ok && 'session' in answer && answer.session) {
          const s = answer.session;
          const json = {
            Version: 1,
            AccessKeyId: s.accessKeyId,
            SecretAccessKey: s.secretAccessKey,
            SessionToken: s.sessionToken,
            Expiration: s.expiration,
          };
          return { code: 0, stdout: JSON.stringify(json) + '\n', stderr: '' };
        }
        return { code: 1, stdout: '', stderr: JSON.stringify(answer) };
      },
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'credential-process', name], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('CLI → bridge → popup', () => {
  before(async () => {
    requireBuiltRenderer();
    aws = await startAwsTestEnv();
    user = await createUser(aws, NAME);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-e2e-bridge-'));
    env = sandboxEnv(dir, aws.endpoint);
    host = await startDevHost({ env, bridge: true });
    const added = await host.controller.handlers['profiles:add']({
      name: NAME,
      accessKeyId: user.accessKeyId,
      secretAccessKey: user.secretAccessKey,
      mfaSerial: user.serialNumber,
      delivery: 'process',
    });
    assert.ok(added.ok, 'the profile is added');
    ({ browser, page } = await openPopupPage(host.url));
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
  });

  after(async () => {
    await browser?.close();
    await host?.stop();
    await aws?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('credential-process blocks on the socket until the code is typed in the popup; two calls share one prompt', async (t) => {
    if (!cliUsesBridge())
      t.diagnostic(`${CLI} does not use the bridge yet: asking through the bridge client directly`);
    const first = credentialProcess(NAME);
    const second = credentialProcess(NAME);

    // The popup opens on its own (prompt:show) and says two CLI calls are waiting.
    await page.getByTestId('otp-input').waitFor();
    await page.getByTestId('otp-cli-waiting').filter({ hasText: '2' }).waitFor();
    assert.equal(host.controller.prompts.pending().length, 1, 'one prompt');
    assert.equal(host.controller.prompts.pending()[0]?.waiting, 2);
    await page.mouse.move(1, 1);
    await page.screenshot({ path: screenshotPath('otp-cli-waiting-en-light') });

    let settled = false;
    void Promise.all([first, second]).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(settled, false, 'the CLI calls wait for the code');

    await waitForFreshWindow(8);
    await page.getByTestId('otp-input').fill(totpCode(user.seed!));
    const outcomes = await Promise.all([first, second]);
    const raw = await host.core.secrets.get(secretAccounts.session(NAME));
    const session = JSON.parse(raw!) as {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken: string;
      expiration: string;
    };
    for (const outcome of outcomes) {
      assert.equal(outcome.code, 0, outcome.stderr);
      const json = JSON.parse(outcome.stdout) as Record<string, unknown>;
      assert.deepEqual(json, {
        Version: 1,
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: session.expiration,
      });
    }
    await page.waitForSelector(`[data-testid="state-${NAME}"][data-state="valid"]`);
    assert.deepEqual(host.controller.prompts.pending(), []);
    const dom = await page.content();
    for (const secret of [session.secretAccessKey, session.sessionToken, user.secretAccessKey]) {
      assert.ok(!dom.includes(secret), 'no secret in the DOM');
    }
  });

  test('with a valid session cached, credential-process answers at once, without a prompt', async () => {
    const started = Date.now();
    const outcome = await credentialProcess(NAME);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.ok(Date.now() - started < 5_000);
    assert.deepEqual(host.controller.prompts.pending(), []);
  });

  test('cancel in the popup fails the waiting CLI call instead of leaving it hanging', async () => {
    await host.controller.handlers['session:logout'](NAME);
    const waiting = credentialProcess(NAME);
    await page.getByTestId('otp-input').waitFor();
    await page.getByTestId('otp-cancel').click();
    const outcome = await waiting;
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.stderr, /cancel/i);
  });
});
