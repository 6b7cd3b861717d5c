/**
 * The guided two-code flow of `mfa-tray mfa create|enable` on a terminal: two consecutive codes from the
 * authenticator app, with a countdown to the second one.
 */
import { MfaTrayError } from '../core/errors';
import type { TerminalIo } from './terminal-io';

const PERIOD_MS = 30_000;

/**
 * Asks for two consecutive codes with a countdown to the second one, submits them, and on
 * invalid-auth-codes explains and starts over. With the seed (right after create) the first code is checked
 * here, so the countdown is exact and a code from the wrong app entry is caught before AWS sees it.
 */
export async function guidedCodes<T>(
  io: TerminalIo,
  options: { seed?: string; submit: (code1: string, code2: string) => Promise<T> },
): Promise<T> {
  const { seed } = options;
  const { generateCode, normaliseCode } = await import('../core/totp.js');
  const { formatSeedForTyping } = await import('../core/otpauth.js');
  const codeAt = (step: number) => generateCode(seed!, step * PERIOD_MS);
  const askCode = async (label: string): Promise<string> => {
    for (;;) {
      const hint = seed ? ' (s: show the key to type in instead, q: give up)' : ' (q: give up)';
      const answer = (await io.ask(`${label}${hint}: `)).trim();
      if (/^(q|quit)$/i.test(answer)) throw new Error('cancelled');
      if (seed && /^s$/i.test(answer)) {
        io.err(
          `Key: ${formatSeedForTyping(seed)}\n  (in the app: add an account → enter a setup key; type: time-based)\n`,
        );
        continue;
      }
      const code = normaliseCode(answer);
      if (code) return code;
      io.err('A code is the 6 digits the app shows.\n');
    }
  };

  for (;;) {
    const code1 = await askCode('First code');
    let nextStart = (Math.floor(io.now() / PERIOD_MS) + 1) * PERIOD_MS;
    let expected2: string | undefined;
    if (seed) {
      const current = Math.floor(io.now() / PERIOD_MS);
      let step: number | undefined;
      for (const s of [
        current,
        current - 1,
        current + 1,
        current - 2,
        current + 2,
        current - 3,
        current + 3,
      ]) {
        if ((await codeAt(s)) === code1) {
          step = s;
          break;
        }
      }
      if (step === undefined) {
        io.err(
          'That code does not belong to the device just created. Check that you scanned the QR code above (a new entry in the app), and that the phone sets its time automatically.\n',
        );
        continue;
      }
      nextStart = (step + 1) * PERIOD_MS;
      expected2 = await codeAt(step + 1);
    }
    await countdown(io, nextStart);
    let code2 = await askCode('Second code (the new one)');
    while (code2 === code1) {
      io.err('That is the same code: wait until the app shows the next one.\n');
      await countdown(io, (Math.floor(io.now() / PERIOD_MS) + 1) * PERIOD_MS);
      code2 = await askCode('Second code (the new one)');
    }
    if (expected2 !== undefined && code2 !== expected2) {
      io.err(
        'That is not the code that came right after the first one. Let us start again with two new codes.\n',
      );
      continue;
    }
    try {
      const result = await options.submit(code1, code2);
      if (io.interrupted()) throw new Error('cancelled');
      return result;
    } catch (error) {
      if (io.interrupted()) throw new Error('cancelled');
      if (!(error instanceof MfaTrayError) || error.kind !== 'invalid-auth-codes') throw error;
      io.err(`${error.toOneLine()}\nLet us try again with two new codes.\n`);
    }
  }
}

async function countdown(io: TerminalIo, until: number): Promise<void> {
  if (io.now() >= until) {
    io.err('The next code is already showing.\n');
    return;
  }
  for (;;) {
    const left = until - io.now();
    if (left <= 0) break;
    io.err(`\rNext code in ${Math.ceil(left / 1000)} s… `);
    await io.sleep(Math.min(1000, left));
  }
  io.err('\rThe app shows a new code now.   \n');
}
