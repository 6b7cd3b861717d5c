import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', __filename.endsWith('.ts') ? '' : '..');
const compiled = !__filename.endsWith('.ts');

/** The CLI as a user runs it: the built bin file (or the TypeScript source under tsx while developing). */
export const cliArgv: string[] = compiled
  ? [path.join(repoRoot, 'dist', 'src', 'cli', 'main.js')]
  : ['--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'main.ts')];

export const AWS_CLI = '/usr/bin/aws';
/** util-linux `script`: runs a command on a pseudo-terminal and types what is piped into it. */
export const SCRIPT = '/usr/bin/script';
/** An endpoint nothing listens on, for sandboxes whose tests must not reach AWS (a closed port). */
export const NO_AWS_ENDPOINT = 'http://127.0.0.1:9';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number | undefined;
}

/** A throwaway HOME with its own ~/.aws, MFA_TRAY_HOME and keychain namespace, pointed at the test AWS. */
export class Sandbox {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  /** Every secret that must never show up in a file, argv, stdout of a non-credential command or stderr. */
  readonly secrets = new Set<string>();

  constructor(
    readonly endpoint: string,
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-cli-'));
    fs.mkdirSync(path.join(this.home, '.aws'), { mode: 0o700 });
    this.env = {
      PATH: process.env.PATH,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
      HOME: this.home,
      MFA_TRAY_HOME: path.join(this.home, '.config', 'mfa-tray'),
      // The keychain namespace follows MFA_TRAY_HOME, so sandboxes never see each other's secrets.
      AWS_ENDPOINT_URL: endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      LANG: 'C.UTF-8',
      ...extraEnv,
    };
  }

  get credentialsPath(): string {
    return this.env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(this.home, '.aws', 'credentials');
  }

  get configPath(): string {
    return this.env.AWS_CONFIG_FILE ?? path.join(this.home, '.aws', 'config');
  }

  async cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
    return run(process.execPath, [...cliArgv, ...args], { ...this.env, ...options.env }, options.input);
  }

  /**
   * The real AWS CLI. Debian's 2.9 predates AWS_ENDPOINT_URL (2.13), so calls that reach AWS also get
   * --endpoint-url, or they would go to the real endpoints.
   */
  async aws(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
    const endpoint = args[0] === 'configure' ? [] : ['--endpoint-url', this.endpoint];
    return run(AWS_CLI, [...args, ...endpoint], { ...this.env, ...options.env });
  }

  /** path → bytes of every file under HOME (the keyring lives elsewhere, in the test runner's own HOME). */
  snapshot(): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) files.set(path.relative(this.home, full), fs.readFileSync(full));
      }
    };
    walk(this.home);
    return files;
  }

  /** Files under HOME that contain any of the given strings. */
  filesContaining(needles: Iterable<string>): string[] {
    const list = [...needles].filter((n) => n.length >= 8);
    const hits: string[] = [];
    for (const [file, bytes] of this.snapshot()) {
      const text = bytes.toString('latin1');
      if (list.some((n) => text.includes(n))) hits.push(file);
    }
    return hits;
  }

  cleanup(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid }));
    child.stdin.end(input ?? '');
  });
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The CLI on a pseudo-terminal (stdin, stdout and stderr are a TTY), in the sandbox; `typed` is what the user
 * types. Output is the terminal's (CRLF).
 */
export function onTerminal(s: Sandbox, args: string[], typed: string): Promise<RunResult> {
  const command = [process.execPath, ...cliArgv, ...args].map(shellQuote).join(' ');
  return run(SCRIPT, ['-qec', command, '/dev/null'], s.env, typed);
}

/** Every process's argv on this machine, to prove a secret is never passed as an argument. */
export function allCommandLines(): string[] {
  const lines: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      lines.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' '));
    } catch {
      // The process ended between readdir and read.
    }
  }
  return lines;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
}
