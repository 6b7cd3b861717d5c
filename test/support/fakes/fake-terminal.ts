import type { TerminalIo } from '../../../src/cli/terminal-io';

export interface FakeTerminalOptions {
  /** stdin and stderr are terminals (prompts possible); default false. */
  interactive?: boolean;
  stdoutIsTty?: boolean;
  columns?: number;
  /** The user's answer to each question; without it, any question fails the test. */
  answer?: (question: string, terminal: FakeTerminal) => string;
}

/**
 * The CLI's terminal, in-process: what the command writes is kept in stdout/stderr, questions are logged and
 * answered by the test, and sleeping moves the terminal's clock (now()) instead of waiting.
 */
export class FakeTerminal implements TerminalIo {
  interactive: boolean;
  stdoutIsTty: boolean;
  readonly columns: number | undefined;
  stdout = '';
  stderr = '';
  readonly questions: string[] = [];
  /** How far sleep() has moved this terminal's clock past real time. */
  offsetMs = 0;
  private readonly answer: FakeTerminalOptions['answer'];

  constructor(options: FakeTerminalOptions = {}) {
    this.interactive = options.interactive ?? false;
    this.stdoutIsTty = options.stdoutIsTty ?? false;
    this.columns = options.columns;
    this.answer = options.answer;
  }

  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
  async ask(question: string): Promise<string> {
    this.questions.push(question);
    if (!this.answer) throw new Error('no prompts in these tests');
    await Promise.resolve();
    return this.answer(question, this);
  }
  sleep(ms: number): Promise<void> {
    this.offsetMs += ms;
    return Promise.resolve();
  }
  trapInterrupts(): void {}
  interrupted(): boolean {
    return false;
  }
  now(): number {
    return Date.now() + this.offsetMs;
  }
  readStdin(): Promise<string> {
    return Promise.resolve('');
  }
  close(): void {}
}
