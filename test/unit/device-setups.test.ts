import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { listMfaDevices } from '../../src/core/aws/iam';
import { DeviceSetups, PENDING_SETUP_TTL_MS, type DeviceSetup } from '../../src/core/mfa-devices';
import { FakeClock } from '../support/fakes/fake-clock';

function setupAt(clock: FakeClock, serial: string, profile = 'dev'): DeviceSetup {
  return {
    profile,
    serialNumber: serial,
    deviceName: serial.split('/')[1],
    seed: 'SEED',
    createdAt: clock.now(),
  };
}

test('DeviceSetups: an unfinished setup expires once, by its timer, and onExpired hears of it', () => {
  const clock = new FakeClock(1_000_000);
  const expired: string[] = [];
  const setups = new DeviceSetups(clock, { onExpired: (s) => expired.push(s.serialNumber) });
  const until = setups.add(setupAt(clock, 'mfa/a'));
  assert.equal(until, 1_000_000 + PENDING_SETUP_TTL_MS);
  setups.add(setupAt(clock, 'mfa/b'));
  assert.equal(clock.pendingTimers(), 2);
  assert.equal(setups.delete('mfa/b')?.serialNumber, 'mfa/b');
  assert.equal(clock.pendingTimers(), 1, 'a finished setup has no timer left');

  clock.advance(PENDING_SETUP_TTL_MS - 1);
  assert.equal(setups.get('mfa/a')?.seed, 'SEED');
  assert.deepEqual(expired, []);
  clock.advance(1);
  assert.deepEqual(expired, ['mfa/a']);
  assert.equal(setups.get('mfa/a'), undefined);
  assert.deepEqual(setups.list(), []);
  assert.deepEqual(expired, ['mfa/a'], 'once');
});

test('DeviceSetups: after a sleep (time jumps, no timer ran) an expired setup is forgotten when looked at, and reported', () => {
  const clock = new FakeClock(0);
  const expired: string[] = [];
  const setups = new DeviceSetups(clock, { onExpired: (s) => expired.push(s.serialNumber) });
  setups.add(setupAt(clock, 'mfa/a'));
  clock.jump(PENDING_SETUP_TTL_MS + 1);
  assert.equal(setups.has('mfa/a'), false);
  assert.deepEqual(expired, ['mfa/a']);
  assert.equal(clock.pendingTimers(), 0);
});

test('DeviceSetups: without onExpired no timer is set (the CLI), and clear() forgets all without reporting', () => {
  const clock = new FakeClock(0);
  const quiet = new DeviceSetups(clock);
  quiet.add(setupAt(clock, 'mfa/a'));
  assert.equal(clock.pendingTimers(), 0);
  clock.jump(PENDING_SETUP_TTL_MS + 1);
  assert.equal(quiet.get('mfa/a'), undefined);

  const expired: string[] = [];
  const setups = new DeviceSetups(clock, { onExpired: (s) => expired.push(s.serialNumber) });
  setups.add(setupAt(clock, 'mfa/a'));
  setups.add(setupAt(clock, 'mfa/b', 'other'));
  assert.deepEqual(
    setups.list().map((s) => [s.profile, s.serialNumber]),
    [
      ['dev', 'mfa/a'],
      ['other', 'mfa/b'],
    ],
  );
  setups.clear();
  assert.deepEqual(setups.list(), []);
  assert.equal(clock.pendingTimers(), 0);
  assert.deepEqual(expired, []);
});

test('listMfaDevices follows Marker through every page and skips entries without a serial', async () => {
  const asked: (string | undefined)[] = [];
  const pages: Record<string, { MFADevices: object[]; IsTruncated: boolean; Marker?: string }> = {
    first: {
      MFADevices: [
        { SerialNumber: 'arn:aws:iam::123456789012:mfa/a', EnableDate: new Date(0), UserName: 'u' },
      ],
      IsTruncated: true,
      Marker: 'm1',
    },
    m1: { MFADevices: [{}, { SerialNumber: 'GAHT12345678' }], IsTruncated: false },
  };
  const client = {
    send: (command: ListMFADevicesCommand) => {
      assert.equal(command.input.UserName, 'u');
      asked.push(command.input.Marker);
      return Promise.resolve(pages[command.input.Marker ?? 'first']);
    },
  } as unknown as IAMClient;
  assert.deepEqual(await listMfaDevices(client, 'u'), [
    {
      serialNumber: 'arn:aws:iam::123456789012:mfa/a',
      enableDate: '1970-01-01T00:00:00.000Z',
      userName: 'u',
    },
    { serialNumber: 'GAHT12345678' },
  ]);
  assert.deepEqual(asked, [undefined, 'm1']);
});
