/*
 * A separate process that writes an AWS credentials file through AwsFilesStore, for the integration tests
 * that need real cross-process locking and a writer that can be SIGKILLed mid-write.
 *
 *   awsfiles-writer increment FILE SECTION COUNT   count FILE's [SECTION] and [shared] up COUNT times
 *   awsfiles-writer churn FILE                      rewrite FILE (a churnFile) forever, one generation each
 *
 * Each prints "ready" once loaded and starts when it reads a line on stdin, so tests can start several
 * at the same moment; churn prints "wrote MS" after its first complete write (MS: how long it took), increment "done" at the end.
 */
import { AwsFilesStore } from '../../src/core/awsfiles/store';
import { parseIniBytes, type IniDocument } from '../../src/core/awsfiles/ini';

export const CHURN_SECTIONS = 2000;

function churnTouched(sections: number): number[] {
  return [0, Math.floor(sections / 2), sections - 1];
}

/**
 * Every complete version of the churn file: a BOM, CRLF line endings, no final newline, and a generation
 * (with a token whose length depends on it, so a torn write cannot pass for a complete one) in three
 * profiles spread over the file.
 */
export function churnFile(generation: number, sections = CHURN_SECTIONS): string {
  const touched = new Set(churnTouched(sections));
  const parts: string[] = ['\ufeff# churn test file\r\n\r\n'];
  for (let i = 0; i < sections; i++) {
    const id = String(i).padStart(16, '0');
    parts.push(
      `[profile-${i}]\r\n`,
      `aws_access_key_id = AKIA${id}\r\n`,
      `aws_secret_access_key = ${id}${id}abcdefgh`,
    );
    if (touched.has(i))
      parts.push(`\r\ngeneration = ${generation}\r\naws_session_token = ${churnToken(generation)}`);
    if (i < sections - 1) parts.push('\r\n\r\n');
  }
  return parts.join('');
}

function churnToken(generation: number): string {
  return `T${generation}${'x'.repeat(generation % 97)}`;
}

/** Turns churnFile(g) into churnFile(g + 1). */
export function churnEdit(doc: IniDocument, sections = CHURN_SECTIONS): void {
  const generation = Number(doc.get('profile-0', 'generation')) + 1;
  for (const i of churnTouched(sections)) {
    doc.setKeys(`profile-${i}`, {
      generation: String(generation),
      aws_session_token: churnToken(generation),
    });
  }
}

function waitForStdinLine(): Promise<void> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      if (!chunk.includes(0x0a)) return;
      process.stdin.off('data', onData);
      // A paused pipe would still keep the process alive after the work is done.
      process.stdin.destroy();
      resolve();
    };
    process.stdin.on('data', onData);
  });
}

async function main([mode, file, ...rest]: string[]): Promise<void> {
  const store = new AwsFilesStore({ credentialsPath: file, configPath: `${file}.config` });
  if (mode === 'churn') {
    // Warm the JIT while waiting as a spare, so the kill test's clock runs only on real writes.
    for (let i = 0; i < 3; i++) churnEdit(parseIniBytes(Buffer.from(churnFile(i))));
  }
  process.stdout.write('ready\n');
  await waitForStdinLine();
  if (mode === 'increment') {
    const [section, count] = rest;
    for (let i = 0; i < Number(count); i++) {
      await store.update('credentials', (doc) => {
        const bump = (name: string): string => String(Number(doc.get(name, 'counter') ?? '0') + 1);
        doc.setKeys(section, { counter: bump(section) });
        doc.setKeys('shared', { counter: bump('shared') });
      });
    }
    process.stdout.write('done\n');
  } else if (mode === 'churn') {
    const started = performance.now();
    await store.update('credentials', (doc) => churnEdit(doc));
    // The parent spreads its kills over about one update's duration, whatever this machine's speed.
    process.stdout.write(`wrote ${Math.ceil(performance.now() - started)}\n`);
    for (;;) await store.update('credentials', (doc) => churnEdit(doc));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
