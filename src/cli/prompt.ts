import readline from 'node:readline';

/** Reads all of stdin (for secrets piped in: `pass show aws/key | mfa-tray profile add …`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Prompts on the terminal (stderr, so stdout stays clean for scripts) and reads one line. */
export async function promptLine(question: string, { hidden = false } = {}): Promise<string> {
  const output = process.stderr;
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  if (hidden) {
    // Echo nothing of what is typed: the line editor writes through _writeToOutput.
    const anyRl = rl as unknown as { _writeToOutput: (s: string) => void };
    anyRl._writeToOutput = (s: string) => {
      if (s.startsWith(question)) output.write(question);
      else if (s === '\r\n' || s === '\n') output.write(s);
    };
  }
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question(question, resolve);
      rl.once('close', () => reject(new Error('cancelled')));
      rl.once('SIGINT', () => {
        output.write('\n');
        reject(new Error('cancelled'));
      });
    });
  } finally {
    if (hidden) output.write('\n');
    rl.close();
  }
}
