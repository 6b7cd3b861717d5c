/**
 * A profile's code command as the code source of `login` (the CLI end to end: real keychain, moto behind
 * the MFA-validating layer, the real AWS CLI).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createUser, waitForFreshWindow } from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { uniqueName } from '../support/cli-sandbox';

const FAKE = path.join(__dirname, '..', 'support', 'fakes', 'totp-command.js');

const { aws, sandbox } = useAwsSuite();

test('login takes the code from the profile’s code command; its failures are explained and change nothing', async () => {
  const user = await createUser(aws, uniqueName('cmd'));
  const s = sandbox({ TEST_TOTP_SEED: user.seed! });
  s.secrets.add(user.secretAccessKey);

  const add = await s.cli(
    [
      'profile',
      'add',
      'work',
      '--access-key-id',
      user.accessKeyId,
      '--code-command',
      `"${process.execPath}" "${FAKE}"`,
    ],
    { input: user.secretAccessKey + '\n' },
  );
  assert.equal(add.code, 0, add.stderr);
  const [listed] = JSON.parse((await s.cli(['profile', 'list', '--json'])).stdout) as {
    codeCommand?: string;
  }[];
  assert.equal(listed?.codeCommand, `${process.execPath} ${FAKE}`);

  // A failing command: its stderr reaches the user, the login fails naming the command, nothing changes.
  const before = s.snapshot();
  const failed = await s.cli(['login', 'work'], { env: { TEST_TOTP_MODE: 'fail' } });
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /\[ERROR\] vault is locked/);
  assert.match(failed.stderr, new RegExp(`code command "${process.execPath}" failed \\(exit code 3\\)`));
  assert.deepEqual(s.snapshot(), before);
  const junk = await s.cli(['login', 'work'], { env: { TEST_TOTP_MODE: 'junk' } });
  assert.equal(junk.code, 1);
  assert.match(junk.stderr, /did not print a 6-digit code/);

  await waitForFreshWindow(5);
  const login = await s.cli(['login', 'work']);
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /Logged in "work"/);
  const who = await s.aws(['sts', 'get-caller-identity', '--profile', 'work-mfa', '--output', 'json']);
  assert.equal(who.code, 0, who.stderr);
  assert.equal((JSON.parse(who.stdout) as { Arn: string }).Arn, user.arn);
  assert.ok(fs.existsSync(s.credentialsPath));
});
