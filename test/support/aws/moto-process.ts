// moto's server (python3 -m moto.server, or $MOTO_PYTHON) as a child process of the test: started on a free
// loopback port, waited for until it answers, and stopped with its whole process group — also when the test
// process exits without calling stop().

import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const MOTO_START_TIMEOUT_MS = 20_000;
/** How long moto gets to exit on SIGTERM before it is killed. */
const STOP_GRACE_MS = 5000;

export interface MotoProcess {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  /** Stops moto (SIGTERM, then SIGKILL); the same promise for every call. */
  stop(): Promise<void>;
  /** Kills moto at once (for a failed start of whatever uses it). */
  kill(): void;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function motoAnswers(motoEndpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${motoEndpoint}/moto-api/`, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startMoto(): Promise<MotoProcess> {
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const python = process.env.MOTO_PYTHON ?? 'python3';
  // Own process group, so stop() can take down moto together with anything it forks.
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  // moto logs every request to stderr: keep draining it (a full pipe would block moto), keep only the tail.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16_000);
  });
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));

  const deadline = Date.now() + MOTO_START_TIMEOUT_MS;
  while (!(await motoAnswers(endpoint))) {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (spawnError || exited || Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      const why = spawnError
        ? `could not be spawned (${spawnError.message})`
        : exited
          ? `exited (code ${child.exitCode}, signal ${child.signalCode})`
          : `did not answer within ${MOTO_START_TIMEOUT_MS / 1000} s`;
      throw new Error(`moto server (${python} -m moto.server on ${endpoint}) ${why}. stderr:\n${stderr}`);
    }
    await sleep(100);
  }
  // Neither moto nor its stderr pipe should keep a test process alive; the exit hook below kills moto.
  child.unref();
  (child.stderr as net.Socket | null)?.unref();
  const kill = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', kill);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        // moto is unref'd so a forgotten env never holds a test process open; while we wait for it to
        // exit, it must hold the event loop, or a test file ending here sees a promise that never settles.
        child.ref();
        killGroup(child, 'SIGTERM');
        // Unref'd: the grace timer must not keep the test process alive once moto is gone.
        const grace = sleep(STOP_GRACE_MS, 'timeout', { ref: false });
        const result = await Promise.race([exited.then(() => 'exited'), grace]);
        if (result === 'timeout') {
          killGroup(child, 'SIGKILL');
          await exited;
        }
      }
      process.off('exit', kill);
    })();
    return stopping;
  };

  return {
    endpoint,
    stop,
    kill: () => {
      kill();
      process.off('exit', kill);
    },
  };
}
