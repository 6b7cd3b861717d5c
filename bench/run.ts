/**
 * `npm run bench` (inside a throwaway keyring, see scripts/with-keyring.sh). Prints figures, asserts nothing:
 * speed is measured here, never in the timed-out world of tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openOsKeychain } from '../src/core/keychain';
import { secretAccounts } from '../src/core/keychain/secret-store';
import { ProfileStore } from '../src/core/profiles';
import { benchAwsFiles } from './awsfiles';
import { popupFirstRenderFigures, rendererBundleFigures } from './renderer';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const RUNS = 25;
const cli = path.resolve(__dirname, '..', 'src', 'cli', 'main.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr.toString()}`);
  return ms;
}

/** credential-process with a valid cached session, against the floor: starting node at all. */
async function benchCredentialProcess(): Promise<Figure[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bench-'));
  const env = { ...process.env, MFA_TRAY_HOME: home, HOME: home };
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  await new ProfileStore(home).update((data) => {
    data.profiles.push({
      kind: 'aws',
      name: 'bench',
      region: 'us-east-1',
      durationSeconds: 43200,
      target: 'bench-mfa',
      delivery: 'process',
      sessionExpiresAt: expiration,
    });
  });
  const secrets = openOsKeychain(env);
  await secrets.set(
    secretAccounts.session('bench'),
    JSON.stringify({
      accessKeyId: 'ASIABENCHEXAMPLE0000',
      secretAccessKey: 'benchSecretExample0000000000000000000000',
      sessionToken: 'benchToken'.repeat(40),
      expiration,
    }),
  );
  try {
    const bare: number[] = [];
    const ours: number[] = [];
    // Warm the page cache and the keyring daemon, then interleave so drift hits both alike.
    timeRun(['-e', '0'], env);
    timeRun([cli, 'credential-process', 'bench'], env);
    for (let i = 0; i < RUNS; i++) {
      bare.push(timeRun(['-e', '0'], env));
      ours.push(timeRun([cli, 'credential-process', 'bench'], env));
    }
    const bareMs = median(bare);
    const oursMs = median(ours);
    return [
      { name: 'node -e 0 (median)', value: bareMs, unit: 'ms' },
      { name: 'credential-process, cached session (median)', value: oursMs, unit: 'ms' },
      { name: 'credential-process / node -e 0', value: oursMs / bareMs, unit: '×', target: '≤ 1.5×' },
    ];
  } finally {
    await secrets.delete(secretAccounts.session('bench'));
    fs.rmSync(home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const figures = [
    ...(await benchCredentialProcess()),
    ...(await benchAwsFiles()),
    ...rendererBundleFigures(),
    ...(await popupFirstRenderFigures()),
  ];
  const width = Math.max(...figures.map((f) => f.name.length));
  for (const f of figures) {
    const value = f.unit === '×' ? f.value.toFixed(2) : f.value.toFixed(1);
    console.log(`${f.name.padEnd(width)}  ${value} ${f.unit}${f.target ? `   (target ${f.target})` : ''}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
