import { spawn } from 'node:child_process';
import { MfaTrayError } from '../errors';
import { CODE_COMMAND_TIMEOUT_MS, MAX_CODE_COMMAND_LENGTH, normaliseCode } from '../rules/code-rules';

export { CODE_COMMAND_TIMEOUT_MS, MAX_CODE_COMMAND_LENGTH };
// Parsing the line is plain TS (IPC validation and the renderer use it); running it needs Node, here.
export { formatCodeCommand, parseCodeCommand } from './code-command-line';
const MAX_OUTPUT_BYTES = 4096;

export interface CodeCommandOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Receives the command's stderr (it may ask to unlock a vault, or explain a failure). */
  onStderr?: (chunk: string) => void;
}

/**
 * Runs a code command (no shell, no stdin) and returns the 6-digit code it printed. Its stdout is trimmed
 * and normalised like a typed code; anything else, a non-zero exit or a timeout is an error naming the
 * command (argv[0] only: its other words may name a vault item).
 */
export function runCodeCommand(argv: string[], options: CodeCommandOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? CODE_COMMAND_TIMEOUT_MS;
  const command = argv[0] ?? '';
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(command, argv.slice(1), {
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
      });
    } catch (error) {
      reject(failed(command, 'spawn', error));
      return;
    }
    let stdout = '';
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() =>
        reject(
          new MfaTrayError('code-command-failed', `The code command "${command}" did not answer in time.`, {
            command,
            reason: 'timeout',
            timeoutMs,
          }),
        ),
      );
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT_BYTES) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => options.onStderr?.(d));
    child.on('error', (error) => finish(() => reject(failed(command, 'spawn', error))));
    child.on('close', (exitCode, signal) =>
      finish(() => {
        if (exitCode !== 0) {
          reject(
            new MfaTrayError(
              'code-command-failed',
              `The code command "${command}" failed (${signal ?? `exit code ${exitCode}`}).`,
              { command, reason: 'exit', exitCode: exitCode ?? undefined },
            ),
          );
          return;
        }
        const code = normaliseCode(stdout.trim());
        if (!code) {
          reject(
            new MfaTrayError(
              'code-command-failed',
              `The code command "${command}" did not print a 6-digit code.`,
              { command, reason: 'output' },
            ),
          );
          return;
        }
        resolve(code);
      }),
    );
  });
}

function failed(command: string, reason: 'spawn', error: unknown): MfaTrayError {
  const notFound = (error as NodeJS.ErrnoException)?.code === 'ENOENT';
  return new MfaTrayError(
    'code-command-failed',
    notFound
      ? `The code command "${command}" was not found.`
      : `The code command "${command}" could not be started.`,
    { command, reason: notFound ? 'not-found' : reason },
    { cause: error },
  );
}
