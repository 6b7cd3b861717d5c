/**
 * The terminal a command talks to, injectable so the guided flows and the help can be tested without one.
 * Imports nothing heavy: credential-process loads this too.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

export interface TerminalIo {
  /** stdin and stderr are terminals: prompts are possible. */
  interactive: boolean;
  stdoutIsTty: boolean;
  /** stdin is a terminal (what a typed secret or code is read from; `interactive` when not given). */
  stdinIsTty?: boolean;
  /** Width to wrap help text to (a terminal's columns; 80 when not known). */
  columns?: number;
  out(text: string): void;
  err(text: string): void;
  /** One line from the user; rejects with Error('cancelled') on Ctrl-C / end of input. */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
  /** Rejects with Error('cancelled') when the user presses Ctrl-C meanwhile. */
  sleep(ms: number): Promise<void>;
  /** From now on Ctrl-C means "give up" (the command cleans up), not "die at once". */
  trapInterrupts(): void;
  /** Whether Ctrl-C was pressed outside a prompt (e.g. while AWS was answering). */
  interrupted(): boolean;
  now(): number;
  readStdin(): Promise<string>;
  close(): void;
}

/** The width help is wrapped to: the terminal's, else $COLUMNS (as shells set it), else 80. */
export function terminalColumns(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  return process.stdout.columns || (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80);
}

/** Whether a line can be prompted for on stdin (with stderr redirected the prompt is invisible, not absent). */
export function canPrompt(io: TerminalIo): boolean {
  return io.stdinIsTty ?? io.interactive;
}

export function processIo(): TerminalIo {
  let interrupted = false;
  let abort = new AbortController();
  let listening = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    abort.abort();
  };
  const listen = () => {
    if (!listening) {
      process.on('SIGINT', onSigint);
      listening = true;
    }
  };
  return {
    interactive: !!process.stdin.isTTY && !!process.stderr.isTTY,
    stdoutIsTty: !!process.stdout.isTTY,
    stdinIsTty: !!process.stdin.isTTY,
    columns: terminalColumns(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    async ask(question, options = {}) {
      // From the first prompt on, Ctrl-C outside a prompt means "give up" (and clean up), not "die".
      listen();
      if (interrupted) throw new Error('cancelled');
      const { promptLine } = await import('./prompt.js');
      return promptLine(question, options);
    },
    async sleep(ms) {
      listen();
      if (interrupted) throw new Error('cancelled');
      try {
        await sleepFor(ms, undefined, { signal: abort.signal });
      } catch {
        abort = new AbortController();
        process.stderr.write('\n');
        throw new Error('cancelled');
      }
    },
    trapInterrupts: listen,
    interrupted: () => interrupted,
    now: () => Date.now(),
    async readStdin() {
      const { readStdin } = await import('./prompt.js');
      return readStdin();
    },
    close() {
      if (listening) process.off('SIGINT', onSigint);
      listening = false;
    },
  };
}
