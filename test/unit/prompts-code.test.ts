/** PromptCoordinator's code waiters (requestCode) next to session waiters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaTrayError } from '../../src/core/errors';
import { PromptCoordinator, type PromptDto } from '../../src/core/prompts';
import type { ProfileStatus } from '../../src/core/mfa-tray-core';
import { FakeClock } from '../support/fakes/fake-clock';
import { FakePromptCore } from '../support/fakes/fake-prompt-core';
import { fakeSoracomProfile } from '../support/fakes/profile-dto';

const T0 = Date.parse('2026-11-23T12:00:05Z');

function setup() {
  const clock = new FakeClock(T0);
  const core = new FakePromptCore({
    clock,
    profile: (name) => fakeSoracomProfile(name),
    accepts: () => true,
    sessionSeconds: 3600,
  });
  const logins = () => core.logins.map((l) => l.code);
  const prompts = new PromptCoordinator(core, clock);
  const shown: PromptDto[] = [];
  const closed: string[] = [];
  prompts.onShow((p) => shown.push(p));
  prompts.onClosed((n) => closed.push(n));
  return { clock, prompts, shown, closed, logins };
}

test('a code waiter turns the prompt into cli-code; a session waiter joining later does not change that', () => {
  const { prompts, shown } = setup();
  void prompts.requestCode('sora').catch(() => undefined);
  void prompts.request('sora', 'cli').catch(() => undefined);
  assert.deepEqual(
    shown.map((p) => [p.reason, p.waiting]),
    [
      ['cli-code', 1],
      ['cli-code', 2],
    ],
  );
  prompts.cancelAll();
});

test('with both kinds waiting, the typed code goes to the code waiter; the next one logs the session in', async () => {
  const { prompts, logins, closed } = setup();
  const code = prompts.requestCode('sora');
  const session = prompts.request('sora', 'cli');
  const first = await prompts.submit('sora', '123456');
  assert.equal(first.codeHandedOut, true);
  assert.equal(await code, '123456');
  assert.deepEqual(logins(), []);
  assert.deepEqual(closed, []);
  await prompts.submit('sora', '654321');
  assert.equal((await session).expiresAt, new Date(T0 + 3600_000).toISOString());
  assert.deepEqual(logins(), ['654321']);
  assert.deepEqual(closed, ['sora']);
});

test('a login from elsewhere leaves the code waiter waiting; its timeout answers "timeout"', async () => {
  const { clock, prompts } = setup();
  const code = prompts.requestCode('sora', { timeoutMs: 5000 });
  await prompts.submitWith('sora', 'x', () =>
    Promise.resolve({ profile: {} as ProfileStatus, expiresAt: 'x', warnings: [] }),
  );
  assert.equal(prompts.get('sora')?.waiting, 1);
  clock.advance(5000);
  await assert.rejects(code, (e: unknown) => e instanceof MfaTrayError && e.kind === 'timeout');
  assert.deepEqual(prompts.pending(), []);
});

test('a malformed code is refused and the waiter keeps waiting', async () => {
  const { prompts } = setup();
  const code = prompts.requestCode('sora');
  await assert.rejects(
    prompts.submit('sora', '12ab56'),
    (e: unknown) => e instanceof MfaTrayError && e.kind === 'invalid-input',
  );
  assert.equal(prompts.get('sora')?.waiting, 1);
  await prompts.submit('sora', '000111');
  assert.equal(await code, '000111');
});
