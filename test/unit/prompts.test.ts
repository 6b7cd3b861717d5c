import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMfaTrayError, MfaTrayError } from '../../src/core/errors';
import { PromptCoordinator, type PromptDto } from '../../src/core/prompts';
import { FakeClock } from '../support/fakes/fake-clock';
import { FakePromptCore } from '../support/fakes/fake-prompt-core';
import { fakeProfile } from '../support/fakes/profile-dto';

const T0 = Date.parse('2026-11-23T12:00:00Z');
const SERIAL = 'arn:aws:iam::123456789012:mfa/phone';

function setup(goodCodes: Record<string, string> = { dev: '123456', prod: '654321' }) {
  const clock = new FakeClock(T0);
  // Accepts one code per profile; counts calls.
  const core = new FakePromptCore({
    clock,
    profile: (name) => {
      if (!(name in goodCodes)) throw new MfaTrayError('profile-not-found', `No profile "${name}".`);
      return fakeProfile(name, { mfaSerial: SERIAL });
    },
    accepts: (name, code) => goodCodes[name] === code,
  });
  const prompts = new PromptCoordinator(core, clock);
  const shown: { prompt: PromptDto; isNew: boolean }[] = [];
  const closed: string[] = [];
  prompts.onShow((prompt, info) => shown.push({ prompt, isNew: info.isNew }));
  prompts.onClosed((name) => closed.push(name));
  return { clock, core, prompts, shown, closed };
}

/** Lets pending promise callbacks run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

test('requests for the same profile coalesce into one prompt; another profile gets its own', () => {
  const { prompts, shown } = setup();
  const a = prompts.request('dev', 'cli');
  const b = prompts.request('dev', 'cli');
  const c = prompts.request('dev', 'expiring');
  const d = prompts.request('prod', 'cli');
  for (const p of [a, b, c, d]) p.catch(() => {});
  assert.deepEqual(
    shown.filter((s) => s.isNew).map((s) => s.prompt.name),
    ['dev', 'prod'],
    'one new prompt per profile, however many callers',
  );
  assert.deepEqual(
    prompts.pending().map((p) => [p.name, p.reason, p.waiting]),
    [
      ['dev', 'cli', 2],
      ['prod', 'cli', 1],
    ],
    'only CLI callers count as waiting',
  );
  assert.deepEqual(
    shown.filter((s) => !s.isNew).map((s) => s.prompt.waiting),
    [2],
    'the second CLI caller updates the open prompt',
  );
  prompts.cancelAll();
});

test('two CLI waiters and one submit: one login, both get the session, the prompt closes', async () => {
  const { prompts, core, closed, clock } = setup();
  const first = prompts.request('dev', 'cli');
  const second = prompts.request('dev', 'cli');
  const login = await prompts.submit('dev', '123456');
  assert.equal(core.logins.length, 1);
  assert.equal((await first).expiresAt, login.expiresAt);
  assert.equal((await second).expiresAt, login.expiresAt);
  assert.deepEqual(prompts.pending(), []);
  assert.deepEqual(closed, ['dev']);
  assert.equal(clock.pendingTimers(), 0, 'the waiters’ timeouts are cleared');
});

test('a wrong code keeps the prompt open and fails only the submitter; the right code then answers', async () => {
  const { prompts, closed } = setup();
  let settled = false;
  const waiter = prompts.request('dev', 'cli').finally(() => (settled = true));
  await assert.rejects(prompts.submit('dev', '000000'), (e: unknown) => isMfaTrayError(e, 'wrong-code'));
  await flush();
  assert.equal(settled, false, 'the CLI caller keeps waiting');
  assert.equal(prompts.pending().length, 1);
  assert.deepEqual(closed, []);
  await prompts.submit('dev', '123456');
  assert.ok((await waiter).expiresAt);
  assert.deepEqual(closed, ['dev']);
});

test('a double submit of the same code logs in once', async () => {
  const { prompts, core } = setup();
  const [a, b] = await Promise.all([prompts.submit('dev', '123456'), prompts.submit('dev', '123456')]);
  assert.equal(a, b);
  assert.equal(core.logins.length, 1);
});

test('cancel rejects every waiter with "cancelled" and closes the prompt', async () => {
  const { prompts, closed, clock } = setup();
  const waiters = [prompts.request('dev', 'cli'), prompts.request('dev', 'user', { waitForSession: false })];
  assert.equal(prompts.cancel('dev'), true);
  for (const w of waiters) await assert.rejects(w, (e: unknown) => isMfaTrayError(e, 'cancelled'));
  assert.deepEqual(closed, ['dev']);
  assert.equal(prompts.cancel('dev'), false, 'nothing left to cancel');
  assert.equal(clock.pendingTimers(), 0);
});

test('a timeout fails that waiter only; the prompt stays while others wait, then closes', async () => {
  const { prompts, clock, closed, shown } = setup();
  const early = prompts.request('dev', 'cli', { timeoutMs: 10_000 });
  const late = prompts.request('dev', 'cli', { timeoutMs: 30_000 });
  clock.advance(10_000);
  await assert.rejects(early, (e: unknown) => isMfaTrayError(e, 'timeout'));
  assert.deepEqual(prompts.pending()[0]?.waiting, 1, 'the other waiter still holds the prompt');
  assert.equal(shown.at(-1)?.prompt.waiting, 1, 'the UI hears the count went down');
  assert.deepEqual(closed, []);
  clock.advance(20_000);
  await assert.rejects(late, (e: unknown) => isMfaTrayError(e, 'timeout'));
  assert.deepEqual(prompts.pending(), []);
  assert.deepEqual(closed, ['dev']);
});

test('timeouts are bounded: a huge or missing timeout still ends', async () => {
  const { prompts, clock } = setup();
  const huge = prompts.request('dev', 'cli', { timeoutMs: 10 * 24 * 3600_000 });
  const defaulted = prompts.request('prod', 'cli');
  clock.advance(15 * 60_000);
  await assert.rejects(huge, (e: unknown) => isMfaTrayError(e, 'timeout'));
  await assert.rejects(defaulted, (e: unknown) => isMfaTrayError(e, 'timeout'));
});

test('a prompt shown for the user stays open when the CLI waiters leave', async () => {
  const { prompts, clock, closed } = setup();
  prompts.show('dev', 'user');
  const waiter = prompts.request('dev', 'cli', { timeoutMs: 5_000 });
  assert.equal(prompts.get('dev')?.reason, 'cli', 'a waiting CLI call is the reason shown');
  clock.advance(5_000);
  await assert.rejects(waiter, (e: unknown) => isMfaTrayError(e, 'timeout'));
  assert.equal(prompts.pending().length, 1);
  assert.deepEqual(closed, []);
});

test('an aborted waiter (CLI hung up) is dropped from the count', async () => {
  const { prompts, closed } = setup();
  const hangUp = new AbortController();
  const gone = prompts.request('dev', 'cli', { signal: hangUp.signal });
  const staying = prompts.request('dev', 'cli');
  hangUp.abort();
  await assert.rejects(gone, (e: unknown) => isMfaTrayError(e, 'cancelled'));
  assert.equal(prompts.get('dev')?.waiting, 1);
  assert.deepEqual(closed, []);
  await prompts.submit('dev', '123456');
  await staying;
});

test('an unknown profile is refused without opening a prompt', async () => {
  const { prompts, shown } = setup();
  await assert.rejects(prompts.request('nope', 'cli'), (e: unknown) =>
    isMfaTrayError(e, 'profile-not-found'),
  );
  assert.throws(
    () => prompts.show('nope', 'user'),
    (e: unknown) => isMfaTrayError(e, 'profile-not-found'),
  );
  assert.deepEqual(shown, []);
  assert.deepEqual(prompts.pending(), []);
});
