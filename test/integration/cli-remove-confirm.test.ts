/**
 * `profile remove` on a real terminal: the CLI runs under `script` (util-linux), which gives it a
 * pseudo-terminal for stdin, stdout and stderr and types what we pipe into it. Real keychain, real files; no
 * AWS call is needed (the profile is added with its device ARN).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { NO_AWS_ENDPOINT, onTerminal, Sandbox } from '../support/cli-sandbox';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const sandboxes: Sandbox[] = [];

after(() => {
  for (const s of sandboxes) s.cleanup();
});

async function sandboxWithProfile(): Promise<Sandbox> {
  // Nothing here reaches AWS; a closed port makes sure of it.
  const s = new Sandbox(NO_AWS_ENDPOINT);
  sandboxes.push(s);
  s.secrets.add(SECRET);
  const add = await s.cli(
    [
      'profile',
      'add',
      'work',
      '--access-key-id',
      'AKIAIOSFODNN7EXAMPLE',
      '--mfa-serial',
      'arn:aws:iam::123456789012:mfa/phone',
    ],
    { input: SECRET },
  );
  assert.equal(add.code, 0, add.stderr);
  return s;
}

async function profileNames(s: Sandbox): Promise<string[]> {
  const list = await s.cli(['profile', 'list', '--json']);
  return (JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name);
}

test('on a terminal, profile remove says what goes, asks [y/N], and only "y" removes', async () => {
  const s = await sandboxWithProfile();
  const config = fs.readFileSync(s.configPath, 'utf8');
  assert.match(config, /\[profile work-mfa\]/);

  const declined = await onTerminal(s, ['profile', 'remove', 'work'], 'n\n');
  const text = declined.stdout.replace(/\r/g, '');
  assert.equal(declined.code, 1, text);
  assert.ok(text.includes('Removing profile "work":\n'), text);
  assert.ok(
    text.includes(
      "  - its access key (…MPLE) is deleted from this computer's keychain; the key stays active in AWS\n",
    ),
    text,
  );
  assert.ok(text.includes('  - AWS profile "work-mfa" is removed from your AWS files\n'), text);
  assert.ok(text.includes('Remove profile "work"? [y/N] '), text);
  assert.ok(text.includes('Nothing removed.'), text);
  assert.deepEqual(await profileNames(s), ['work']);
  assert.equal(fs.readFileSync(s.configPath, 'utf8'), config, 'declining changes nothing');

  // Just Enter is "no" too.
  const enter = await onTerminal(s, ['profile', 'remove', 'work'], '\n');
  assert.equal(enter.code, 1);
  assert.deepEqual(await profileNames(s), ['work']);

  const confirmed = await onTerminal(s, ['profile', 'remove', 'work'], 'y\n');
  assert.equal(confirmed.code, 0, confirmed.stdout);
  assert.match(confirmed.stdout, /Remove profile "work"\? \[y\/N\] /);
  assert.match(confirmed.stdout, /Removed profile "work": its keys are gone from the keychain/);
  assert.deepEqual(await profileNames(s), []);
  assert.doesNotMatch(fs.readFileSync(s.configPath, 'utf8'), /work-mfa/);
  for (const r of [declined, enter, confirmed]) assert.ok(!r.stdout.includes(SECRET));
});

test('--yes removes without asking, on a terminal as in a script; an unknown profile is named', async () => {
  const s = await sandboxWithProfile();
  const yes = await onTerminal(s, ['profile', 'remove', 'work', '--yes'], '');
  assert.equal(yes.code, 0, yes.stdout);
  assert.doesNotMatch(yes.stdout, /\[y\/N\]/);
  assert.deepEqual(await profileNames(s), []);

  // Asking about a profile that is not there would be a question with no right answer.
  const unknown = await onTerminal(s, ['profile', 'remove', 'work'], 'y\n');
  assert.equal(unknown.code, 1);
  assert.doesNotMatch(unknown.stdout, /\[y\/N\]/);
  assert.match(unknown.stdout, /^mfa-tray: There is no mfa-tray profile named "work"\./m);
});
