import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockFile, OWNER_FILE, ownerIsGone } from '../../src/core/file-lock';

function tempFile(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-lock-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'data.json');
}

function plantLock(file: string, owner: object | undefined): void {
  fs.mkdirSync(`${file}.lock`);
  if (owner) fs.writeFileSync(path.join(`${file}.lock`, OWNER_FILE), JSON.stringify(owner));
}

test('the lock records its owner, and release removes the owner file and the directory', async (t) => {
  const file = tempFile(t);
  const release = await lockFile(file, { stale: 10_000 });
  const owner = JSON.parse(fs.readFileSync(path.join(`${file}.lock`, OWNER_FILE), 'utf8')) as {
    pid: number;
    host: string;
  };
  assert.deepEqual([owner.pid, owner.host], [process.pid, os.hostname()]);
  await assert.rejects(lockFile(file, { stale: 10_000 }), { code: 'ELOCKED' });
  await release();
  assert.equal(fs.existsSync(`${file}.lock`), false);
});

test('a fresh lock of a dead owner is taken at once; of a live one, or without an owner, it is not', async (t) => {
  const file = tempFile(t);
  plantLock(file, { pid: 99_999_999, host: os.hostname(), nonce: 'a' });
  const release = await lockFile(file, { stale: 10_000 });
  await release();

  // Pid 1 runs: a live owner (started when pid 1 did) keeps its lock.
  const start = fs.readFileSync('/proc/1/stat', 'latin1');
  const pid1Start = start.slice(start.lastIndexOf(')') + 2).split(' ')[19];
  plantLock(file, { pid: 1, host: os.hostname(), start: pid1Start, nonce: 'b' });
  await assert.rejects(lockFile(file, { stale: 10_000 }), { code: 'ELOCKED' });
  fs.rmSync(`${file}.lock`, { recursive: true });

  // The same pid with another start time is a reused pid: its owner is gone.
  plantLock(file, { pid: 1, host: os.hostname(), start: '1', nonce: 'c' });
  await (
    await lockFile(file, { stale: 10_000 })
  )();

  // Another host's pid says nothing here; nor does a lock without an owner file: both wait for `stale`.
  plantLock(file, { pid: 99_999_999, host: `not-${os.hostname()}`, nonce: 'd' });
  await assert.rejects(lockFile(file, { stale: 10_000 }), { code: 'ELOCKED' });
  fs.rmSync(`${file}.lock`, { recursive: true });
  plantLock(file, undefined);
  await assert.rejects(lockFile(file, { stale: 10_000 }), { code: 'ELOCKED' });
});

test('ownerIsGone: ourselves and unknown hosts are never gone', () => {
  assert.equal(ownerIsGone({ pid: process.pid, host: os.hostname() }), false);
  assert.equal(ownerIsGone({ pid: 99_999_999, host: 'elsewhere' }), false);
  assert.equal(ownerIsGone({ pid: 99_999_999, host: os.hostname() }), true);
});
