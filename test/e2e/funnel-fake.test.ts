// Renderer component tests of the Funnel view and of Rotate key's confirmation, in Chromium against the typed
// fake API: the recorded Funnel rotations (groups and their sets, what is left), "Rotate now" with the plan
// first, the partial-failure report with Resume / Roll back, Finish; a second unused key removed only after
// the confirmation. en and ja screenshots.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type {
  ErrorDto,
  FunnelRotateRequest,
  FunnelRotationDto,
  FunnelSelectorRequest,
  KeyRotationDto,
  RotateKeyRequest,
  RotationStatusDto,
} from '../../src/shared/ipc-contract';
import { FakeApi, fakeProfile } from '../support/fakes/fake-api';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  englishSentences,
  requireBuiltRenderer,
  screenshotPath,
} from './dev-host';

const ORIGIN = 'http://popup.test';
const DAY = 86_400_000;

let browser: Browser;
let page: Page;
let fake: FakeApi;

const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

async function shot(name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: screenshotPath(name) });
  if (/-ja(-|$)/.test(name)) {
    assert.deepEqual(await englishSentences(page), [], `no English sentence in the Japanese popup (${name})`);
  }
}

function funnel(fields: Partial<FunnelRotationDto>): FunnelRotationDto {
  return {
    id: 'r1',
    awsProfile: 'work',
    iamUser: 'funnel-publisher',
    soracomProfile: 'sora',
    prefix: 'aws-funnel',
    step: 'switched',
    newSetId: 'aws-funnel-261119',
    newKeyId: 'AKIANEWKEY000000NEW1',
    oldSets: [{ credentialsId: 'aws-funnel-260820', accessKeyId: 'AKIAOLDKEY000000OLD1' }],
    groups: [
      {
        groupId: 'g-east',
        name: 'east',
        from: 'aws-funnel-260820',
        state: 'moved',
        uses: 'aws-funnel-261119',
        failureCode: null,
      },
      {
        groupId: 'g-west',
        name: 'west',
        from: 'aws-funnel-260820',
        state: 'moved',
        uses: 'aws-funnel-261119',
        failureCode: null,
      },
    ],
    startedAt: iso(-8 * DAY),
    switchedAt: iso(-8 * DAY),
    finishedAt: null,
    finishDueAt: iso(-DAY),
    left: 'finish',
    finishDue: true,
    lastUseSeen: null,
    ...fields,
  };
}

const partial = funnel({
  id: 'r2',
  prefix: 'sensor',
  step: 'moving',
  newSetId: 'sensor-261126',
  oldSets: [{ credentialsId: 'sensor-250101', accessKeyId: null }],
  groups: [
    {
      groupId: 'g-a',
      name: 'alpha',
      from: 'sensor-250101',
      state: 'moved',
      uses: 'sensor-261126',
      failureCode: null,
    },
    {
      groupId: 'g-b',
      name: 'beta',
      from: 'sensor-250101',
      state: 'failed',
      uses: 'sensor-250101',
      failureCode: 'GRP0001',
    },
  ],
  switchedAt: null,
  finishDueAt: null,
  left: 'resume-or-rollback',
  finishDue: false,
  startedAt: iso(-60_000),
});

/** What rotation-handlers.ts answers when the AWS profile has no session for the run and no code came. */
const needsCode: ErrorDto = {
  kind: 'no-session',
  message: '"work" has no valid MFA session for this.',
  reason: 'rotation-needs-code',
};

async function openFunnel(): Promise<void> {
  await page.getByTestId('app-menu').click();
  await page.getByTestId('app-funnel').click();
  await page.getByTestId('funnel-view').waitFor();
}

async function load(language: 'en' | 'ja'): Promise<void> {
  fake.settings = { ...fake.settings, language };
  await page.goto(`${ORIGIN}/`);
  await page.getByTestId('profile-row-work').waitFor();
}

describe('the Funnel view and the rotation confirmation against the fake API', () => {
  before(async () => {
    const dist = requireBuiltRenderer();
    fake = new FakeApi();
    fake.profiles = [
      fakeProfile('work', { state: 'valid', expiresAt: iso(3_600_000) }),
      fakeProfile('sora', {
        kind: 'soracom',
        mfaSerial: null,
        accessKeyIdSuffix: null,
        soracom: {
          authMode: 'root',
          email: 'ops@example.com',
          operatorId: 'OP0012345678',
          userName: null,
          coverage: 'jp',
        },
      }),
    ];
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      viewport: { width: 360, height: 520 },
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
    await context.route(`${ORIGIN}/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      const file = path.join(dist, pathname === '/' ? 'index.html' : pathname);
      if (!file.startsWith(dist) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({ path: file });
    });
    page = await context.newPage();
    await fake.install(page);
  });

  after(async () => {
    await browser?.close();
  });

  test('the list: groups and the set each uses, what is left; Finish of a due rotation', async () => {
    let rotations = [funnel({}), partial];
    fake.answer('funnel:status', () => Promise.resolve({ ok: true, value: rotations }));
    fake.answer('funnel:finish', (request) => {
      assert.deepEqual(request, { soracomProfile: 'sora', prefix: 'aws-funnel' });
      const done = funnel({ step: 'finished', left: 'nothing', finishDue: false, finishedAt: iso(0) });
      rotations = [done, partial];
      return Promise.resolve({
        ok: true,
        value: [
          {
            outcome: 'finished',
            rotation: done,
            deletedKeyIds: ['AKIAOLDKEY000000OLD1'],
            deletedSetIds: ['aws-funnel-260820'],
          },
        ],
      });
    });
    await load('en');
    await page.getByTestId('app-menu').click();
    await page.getByTestId('app-funnel').click();
    await page.getByTestId('funnel-view').waitFor();
    // Newest first.
    const order = await page
      .locator('[data-testid^="funnel-rotation-"]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')));
    assert.deepEqual(order, ['funnel-rotation-sensor', 'funnel-rotation-aws-funnel']);
    const beta = page.getByTestId('funnel-groups-sensor').getByTestId('funnel-group-g-b');
    assert.equal(await beta.getAttribute('data-state'), 'failed');
    assert.match(await beta.innerText(), /sensor-250101\s+failed\s+GRP0001/);
    assert.equal(
      (await page.getByTestId('funnel-rotation-sensor').getByTestId('funnel-left').innerText()).trim(),
      'Stopped: resume or roll back',
    );
    assert.equal(
      (await page.getByTestId('funnel-rotation-aws-funnel').getByTestId('funnel-left').innerText()).trim(),
      'Ready to finish',
    );
    await shot('funnel-list-en');
    await page.getByTestId('funnel-finish-aws-funnel').click();
    await page.getByTestId('funnel-report').waitFor();
    assert.equal(
      (await page.getByTestId('funnel-report').innerText()).trim(),
      'Deleted the old key(s) AKIAOLDKEY000000OLD1 and set(s) aws-funnel-260820. The rotation is complete.',
    );
    assert.equal(
      (await page.getByTestId('funnel-rotation-aws-funnel').getByTestId('funnel-left').innerText()).trim(),
      'Complete',
    );
    assert.equal(await page.getByTestId('funnel-finish-aws-funnel').count(), 0);
  });

  test('Rotate now: the plan first, then the run; a partial failure says where each group points; Roll back after a confirmation', async () => {
    const plans: unknown[] = [];
    fake.answer('funnel:plan', (request) => {
      plans.push(request);
      return Promise.resolve({
        ok: true,
        value: {
          outcome: 'dry-run',
          plan: {
            newSetId: 'sensor-261126',
            oldSets: [{ credentialsId: 'sensor-250101', accessKeyId: null }],
            groups: [
              { groupId: 'g-a', name: 'alpha', from: 'sensor-250101' },
              { groupId: 'g-b', name: 'beta', from: 'sensor-250101' },
            ],
            otherGroups: 1,
            userKeyIds: ['AKIAFUNNEL0000000001'],
          },
        },
      });
    });
    fake.answer('funnel:rotate', () =>
      Promise.resolve({
        ok: true,
        value: {
          outcome: 'partial',
          rotation: partial,
          failedGroupIds: ['g-b'],
          cause: { kind: 'soracom-api', soracomCode: 'GRP0001' },
          phase: 'rotate',
        },
      }),
    );
    const rollbacks: unknown[] = [];
    fake.answer('funnel:rollback', (request) => {
      rollbacks.push(request);
      return Promise.resolve({
        ok: true,
        value: {
          outcome: 'rolled-back',
          rotation: { ...partial, step: 'rolled-back', left: 'nothing' },
          deletedKeyId: 'AKIANEWKEY000000NEW1',
          deletedSetId: 'sensor-261126',
        },
      });
    });
    await page.getByTestId('funnel-rotate-now').click();
    await page.getByTestId('funnel-form').waitFor();
    // Every field first.
    await page.getByTestId('funnel-plan').click();
    assert.equal((await page.getByTestId('form-error').innerText()).trim(), 'Fill in every field.');
    assert.equal(plans.length, 0);
    await page.getByTestId('funnel-user').fill('funnel-publisher');
    await page.getByTestId('funnel-prefix').fill('sensor');
    // The AWS profile has a session: no code asked.
    assert.equal(await page.getByTestId('funnel-code').count(), 0);
    await page.getByTestId('funnel-plan').click();
    await page.getByTestId('funnel-plan-view').waitFor();
    assert.deepEqual(plans, [
      { awsProfile: 'work', iamUser: 'funnel-publisher', soracomProfile: 'sora', prefix: 'sensor' },
    ]);
    assert.match(
      await page.getByTestId('funnel-plan-group-g-b').innerText(),
      /beta: sensor-250101 → sensor-261126/,
    );
    assert.equal(
      fake.calls.filter((c) => c.channel === 'funnel:rotate').length,
      0,
      'nothing changes before Rotate',
    );
    await shot('funnel-plan-en');
    await page.getByTestId('funnel-run').click();
    await page.getByTestId('funnel-report').waitFor();
    assert.equal(await page.getByTestId('funnel-report').getAttribute('data-tone'), 'error');
    const report = page.getByTestId('funnel-report-groups');
    assert.match(await report.getByTestId('funnel-group-g-a').innerText(), /alpha\s+sensor-261126\s+moved/);
    assert.match(await report.getByTestId('funnel-group-g-b').innerText(), /beta\s+sensor-250101\s+failed/);
    await shot('funnel-partial-en');
    await page.getByTestId('funnel-report-rollback').click();
    await page.getByTestId('funnel-rollback-confirm').waitFor();
    assert.equal(rollbacks.length, 0, 'no rollback before the confirmation');
    await page.getByTestId('funnel-rollback-confirm-button').click();
    await page.getByTestId('funnel-rollback-confirm').waitFor({ state: 'detached' });
    assert.deepEqual(rollbacks, [{ soracomProfile: 'sora', prefix: 'sensor' }]);
    assert.match(await page.getByTestId('funnel-report').innerText(), /^Rolled back: /);
  });

  test('in Japanese: the list, the form and the partial report', async () => {
    fake.answer('funnel:status', () =>
      Promise.resolve({ ok: true, value: [funnel({ finishDue: false, finishDueAt: iso(DAY) }), partial] }),
    );
    await load('ja');
    await page.getByTestId('app-menu').click();
    await page.getByTestId('app-funnel').click();
    await page.getByTestId('funnel-rotation-sensor').waitFor();
    await shot('funnel-list-ja');
    await page.getByTestId('funnel-rotate-now').click();
    await page.getByTestId('funnel-user').fill('funnel-publisher');
    await page.getByTestId('funnel-prefix').fill('sensor');
    await page.getByTestId('funnel-plan').click();
    await page.getByTestId('funnel-plan-view').waitFor();
    await shot('funnel-plan-ja');
    await page.getByTestId('funnel-run').click();
    await page.getByTestId('funnel-report').waitFor();
    await shot('funnel-partial-ja');
  });

  test('no session: Finish asks one code for the AWS profile, then sends the same request with it', async () => {
    let rotations = [funnel({})];
    fake.answer('funnel:status', () => Promise.resolve({ ok: true, value: rotations }));
    const requests: FunnelSelectorRequest[] = [];
    fake.answer('funnel:finish', (request) => {
      requests.push(request);
      if (request.code === undefined) return Promise.resolve({ ok: false, error: needsCode });
      const done = funnel({ step: 'finished', left: 'nothing', finishDue: false, finishedAt: iso(0) });
      rotations = [done];
      return Promise.resolve({
        ok: true,
        value: [
          {
            outcome: 'finished',
            rotation: done,
            deletedKeyIds: ['AKIAOLDKEY000000OLD1'],
            deletedSetIds: ['aws-funnel-260820'],
          },
        ],
      });
    });
    await load('en');
    await openFunnel();
    await page.getByTestId('funnel-finish-aws-funnel').click();
    const ask = page.getByTestId('funnel-code-ask');
    await ask.waitFor();
    assert.equal(await ask.getAttribute('data-profile'), 'work');
    assert.match(await ask.innerText(), /A code from the MFA device of the AWS profile work/);
    assert.equal(await page.getByTestId('funnel-error').count(), 0, 'asked, not shown as an error');
    assert.equal(await page.getByTestId('funnel-code-ask-send').isDisabled(), true, 'six digits first');
    await page.getByTestId('funnel-code-ask-input').fill('123 456');
    await shot('funnel-code-en');
    await page.getByTestId('funnel-code-ask-input').press('Enter');
    await page.getByTestId('funnel-report').waitFor();
    assert.deepEqual(requests, [
      { soracomProfile: 'sora', prefix: 'aws-funnel' },
      { soracomProfile: 'sora', prefix: 'aws-funnel', code: '123456' },
    ]);
    assert.equal(await ask.count(), 0);
    assert.match(await page.getByTestId('funnel-report').innerText(), /The rotation is complete\./);
  });

  test('no session: Rotate sends the code it asked for; a wrong code asks again', async () => {
    fake.answer('funnel:status', () => Promise.resolve({ ok: true, value: [] }));
    fake.answer('funnel:plan', () =>
      Promise.resolve({
        ok: true,
        value: {
          outcome: 'dry-run',
          plan: {
            newSetId: 'sensor-261126',
            oldSets: [{ credentialsId: 'sensor-250101', accessKeyId: null }],
            groups: [{ groupId: 'g-a', name: 'alpha', from: 'sensor-250101' }],
            otherGroups: 0,
            userKeyIds: ['AKIAFUNNEL0000000001'],
          },
        },
      }),
    );
    const runs: FunnelRotateRequest[] = [];
    fake.answer('funnel:rotate', (request) => {
      runs.push(request);
      if (request.code === undefined) return Promise.resolve({ ok: false, error: needsCode });
      if (request.code === '000000')
        return Promise.resolve({ ok: false, error: { kind: 'wrong-code', message: 'Wrong code.' } });
      return Promise.resolve({
        ok: true,
        value: { outcome: 'switched', rotation: funnel({ prefix: 'sensor', newSetId: 'sensor-261126' }) },
      });
    });
    await page.getByTestId('funnel-rotate-now').click();
    await page.getByTestId('funnel-user').fill('funnel-publisher');
    await page.getByTestId('funnel-prefix').fill('sensor');
    await page.getByTestId('funnel-plan').click();
    await page.getByTestId('funnel-run').click();
    await page.getByTestId('funnel-code-ask').waitFor();
    await page.getByTestId('funnel-code-ask-input').fill('000000');
    await page.getByTestId('funnel-code-ask-send').click();
    // A wrong code: said, and the code asked again (the form stays).
    await page.getByTestId('funnel-error').waitFor();
    await page.getByTestId('funnel-code-ask').waitFor();
    await page.getByTestId('funnel-code-ask-input').fill('654321');
    await page.getByTestId('funnel-code-ask-send').click();
    await page.getByTestId('funnel-report').waitFor();
    const base = {
      awsProfile: 'work',
      iamUser: 'funnel-publisher',
      soracomProfile: 'sora',
      prefix: 'sensor',
    };
    assert.deepEqual(runs, [base, { ...base, code: '000000' }, { ...base, code: '654321' }]);
    assert.match(
      await page.getByTestId('funnel-report').innerText(),
      /^Every group uses sensor-261126 now\./,
    );
  });

  test('the form checks its fields with the core rules before sending, under the field', async () => {
    const plans: unknown[] = [];
    fake.answer('funnel:plan', (request) => {
      plans.push(request);
      return Promise.resolve({
        ok: false,
        error: {
          kind: 'invalid-input',
          message: 'Invalid SORACOM credential set prefix.',
          field: 'prefix',
          rule: 'funnel-prefix',
        },
      });
    });
    await page.getByTestId('funnel-rotate-now').click();
    await page.getByTestId('funnel-user').fill('funnel publisher!');
    await page.getByTestId('funnel-prefix').fill('-sensor');
    await page.getByTestId('funnel-plan').click();
    const userField = page.locator('.field', { has: page.getByTestId('funnel-user') });
    assert.equal(
      (await userField.getByTestId('form-error').innerText()).trim(),
      'An IAM user name is up to 64 letters, digits and _ + = , . @ -.',
    );
    assert.equal(await page.getByTestId('funnel-user').getAttribute('aria-invalid'), 'true');
    // Typing there takes the message away; the next broken field is the prefix.
    await page.getByTestId('funnel-user').fill('funnel-publisher');
    assert.equal(await userField.getByTestId('form-error').count(), 0);
    await page.getByTestId('funnel-plan').click();
    const prefixField = page.locator('.field', { has: page.getByTestId('funnel-prefix') });
    assert.equal(
      (await prefixField.getByTestId('form-error').innerText()).trim(),
      'Use up to 81 letters, digits and _ . -, starting with a letter or digit.',
    );
    assert.equal(plans.length, 0, 'nothing sent while a field breaks a rule');
    // An answer naming a field (the core's own check) lands under that field too.
    await page.getByTestId('funnel-prefix').fill('sensor');
    await page.getByTestId('funnel-plan').click();
    await prefixField.getByTestId('form-error').waitFor();
    assert.equal(plans.length, 1);
    assert.match(await prefixField.getByTestId('form-error').innerText(), /^Use up to 81 letters/);
  });

  test('in Japanese: the code asked for the AWS profile, a run already going, no SORACOM session, a broken field', async () => {
    fake.answer('funnel:status', () => Promise.resolve({ ok: true, value: [funnel({}), partial] }));
    fake.answer('funnel:finish', () => Promise.resolve({ ok: false, error: needsCode }));
    fake.answer('funnel:resume', () =>
      Promise.resolve({
        ok: false,
        error: {
          kind: 'invalid-input',
          message: 'A rotation of this profile is already running.',
          reason: 'rotation-running',
        },
      }),
    );
    fake.answer('funnel:rollback', () =>
      Promise.resolve({
        ok: false,
        error: {
          kind: 'no-session',
          message: '"sora" has no SORACOM session.',
          hint: 'Log in first: `mfa-tray login sora`.',
          reason: 'soracom-needs-login',
        },
      }),
    );
    await load('ja');
    await openFunnel();
    await page.getByTestId('funnel-finish-aws-funnel').click();
    await page.getByTestId('funnel-code-ask').waitFor();
    assert.match(
      await page.getByTestId('funnel-code-ask').innerText(),
      /AWS プロファイル work の MFA デバイス/,
    );
    await page.getByTestId('funnel-code-ask-input').fill('123456');
    await shot('funnel-code-ja');
    await page.getByTestId('funnel-code-ask-cancel').click();
    await page.getByTestId('funnel-resume-sensor').click();
    await page.getByTestId('funnel-error').waitFor();
    assert.match(
      await page.getByTestId('funnel-error').innerText(),
      /このプロファイルのローテーションはすでに実行中です。/,
    );
    await shot('funnel-running-ja');
    await page.getByTestId('funnel-rollback-sensor').click();
    await page.getByTestId('funnel-rollback-confirm-button').click();
    await page.getByTestId('funnel-report').waitFor();
    assert.equal(await page.getByTestId('funnel-code-ask').count(), 0, 'no AWS code for SORACOM');
    assert.match(await page.getByTestId('funnel-report').innerText(), /SORACOM アカウント sora に/);
    await shot('funnel-soracom-login-ja');
    await page.getByTestId('funnel-rotate-now').click();
    await page.getByTestId('funnel-user').fill('funnel publisher!');
    await page.getByTestId('funnel-prefix').fill('sensor');
    await page.getByTestId('funnel-plan').click();
    assert.equal(
      (await page.getByTestId('form-error').innerText()).trim(),
      'IAM ユーザー名は英数字と _ + = , . @ - で 64 文字までです。',
    );
    await shot('funnel-form-rule-ja');
  });

  test('Rotate key: a second, unused key is removed only after the confirmation', async () => {
    const rotation: KeyRotationDto = {
      step: 'deactivated',
      oldKeyId: 'AKIAOLDKEY00000WXYZ',
      newKeyId: 'AKIANEWKEY00000ABCD',
      unusedKeyId: 'AKIAUNUSED00000UNUS',
      startedAt: iso(0),
      deactivatedAt: iso(0),
      finishedAt: null,
      graceDays: 7,
      finishDueAt: iso(7 * DAY),
      rollbackReason: null,
      lastUseSeen: null,
    };
    let rotated = false;
    const status = (): RotationStatusDto => ({
      profile: 'work',
      accessKeyIdSuffix: rotated ? 'ABCD' : 'WXYZ',
      keyCreatedAt: iso(-100 * DAY),
      keyAgeDays: rotated ? 0 : 100,
      rotation: rotated ? rotation : null,
      finishDue: false,
      needsCode: false,
      hasMfaDevice: true,
    });
    fake.answer('rotation:status', () => Promise.resolve({ ok: true, value: status() }));
    fake.answer('rotation:key-ages', () =>
      Promise.resolve({ ok: true, value: [{ name: 'work', createdAt: iso(-100 * DAY), ageDays: 100 }] }),
    );
    const requests: RotateKeyRequest[] = [];
    fake.answer('rotation:rotate', (request) => {
      requests.push(request);
      if (!request.removeUnusedKeyId) {
        return Promise.resolve({
          ok: true,
          value: {
            outcome: 'needs-confirmation',
            secondKey: {
              accessKeyId: 'AKIAUNUSED00000UNUS',
              status: 'Inactive',
              createDate: iso(-200 * DAY),
              lastUsed: null,
            },
          },
        });
      }
      rotated = true;
      return Promise.resolve({
        ok: true,
        value: {
          outcome: 'rotated',
          rotation,
          proofAttempts: 1,
          removedUnusedKeyId: 'AKIAUNUSED00000UNUS',
          sessionValidUntil: iso(3_600_000),
          resumedFrom: null,
        },
      });
    });
    await load('en');
    // 100 days old: the row says it, in the warning colour (the reminder is at 90).
    assert.equal((await page.getByTestId('key-age-work').innerText()).trim(), 'key 100 d');
    assert.equal(await page.getByTestId('key-age-work').getAttribute('data-old'), 'true');
    // SORACOM accounts have no base key to rotate.
    await page.getByTestId('more-sora').click();
    assert.equal(await page.getByTestId('rotate-sora').count(), 0);
    await page.keyboard.press('Escape');
    await page.getByTestId('more-work').click();
    await page.getByTestId('rotate-work').click();
    await page.getByTestId('rotation-start').click();
    await page.getByTestId('rotation-confirm').waitFor();
    assert.equal(
      (await page.locator('.confirm-title').innerText()).trim(),
      'Remove the second access key …UNUS?',
    );
    assert.match(
      await page.getByTestId('rotation-confirm').innerText(),
      /It is inactive and has never been used\./,
    );
    assert.deepEqual(requests, [{ name: 'work' }]);
    await shot('rotation-confirm-en');
    // Cancel keeps everything; the confirmation is asked again.
    await page.getByTestId('confirm-cancel').click();
    assert.equal(requests.length, 1);
    await page.getByTestId('rotation-start').click();
    await page.getByTestId('rotation-confirm-remove').click();
    await page.getByTestId('rotation-outcome').waitFor();
    assert.deepEqual(requests[2], { name: 'work', removeUnusedKeyId: 'AKIAUNUSED00000UNUS' });
    assert.match(
      await page.getByTestId('rotation-outcome').innerText(),
      /The unused key …UNUS was deleted first\./,
    );
    assert.equal(await page.getByTestId('rotation-step-removeUnused').getAttribute('data-state'), 'done');
  });
});
