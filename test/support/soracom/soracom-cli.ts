// Does what soracom-cli (generators/cmd/predefined: profiles.go, endpoint.go, auth helpers) does with a
// profile before any API call, so tests can prove a ~/.soracom file of ours works for `soracom`:
//  1. the file: $SORACOM_PROFILE_DIR/NAME.json, else ~/.soracom/NAME.json; any group/other mode bit is an
//     error ("permission is too open"); decoded like Go's encoding/json into its profile struct (keys
//     matched case-insensitively, unknown keys dropped, a wrongly typed value is an error);
//  2. the endpoint: $SORACOM_ENDPOINT, then --coverage-type, then the profile's endpoint, then its
//     coverageType (default jp), sandbox variants when `sandbox`;
//  3. profileCommand: split with go-shellwords (no shell), run with no stdin (stderr captured, not shown),
//     non-zero exit = error; stdout decoded into a fresh profile whose auth fields are then used (the
//     file's coverageType/endpoint/sandbox still decide the endpoint);
//  4. POST <endpoint>/v1/auth with {email,password,authKeyId,authKey,userName,operatorId,mfaOTPCode}
//     (pointers: absent fields left out; the profile's `username` goes out as `userName`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseShellWords } from './shellwords';

export class SoracomCliError extends Error {
  override readonly name = 'SoracomCliError';
  constructor(
    message: string,
    readonly stage: 'profile-file' | 'profile-command' | 'auth',
    readonly status?: number,
  ) {
    super(message);
  }
}

/** soracom-cli's `profile` struct, field → JSON name and Go type. */
const PROFILE_FIELDS = {
  sandbox: 'bool',
  coverageType: 'string',
  email: 'string',
  password: 'string',
  authKeyId: 'string',
  authKey: 'string',
  username: 'string',
  operatorId: 'string',
  endpoint: 'string',
  registerPaymentMethod: 'bool',
  profileCommand: 'string',
  sourceProfile: 'string',
  tokenTimeoutSeconds: 'int',
  mfaOTPCode: 'string',
  headers: 'map',
} as const;

type FieldName = keyof typeof PROFILE_FIELDS;
export type CliProfile = Partial<{
  sandbox: boolean;
  coverageType: string;
  email: string;
  password: string;
  authKeyId: string;
  authKey: string;
  username: string;
  operatorId: string;
  endpoint: string;
  registerPaymentMethod: boolean;
  profileCommand: string;
  sourceProfile: string;
  tokenTimeoutSeconds: number;
  mfaOTPCode: string;
  headers: Record<string, string>;
}>;

/** Go's json.Unmarshal into the profile struct: exact name first, else a case-insensitive match. */
export function decodeProfile(text: string, stage: SoracomCliError['stage']): CliProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new SoracomCliError(`invalid JSON: ${(error as Error).message}`, stage);
  }
  if (doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SoracomCliError('json: cannot unmarshal into Go value of type cmd.profile', stage);
  }
  const names = Object.keys(PROFILE_FIELDS) as FieldName[];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const field = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (!field) continue;
    if (value === null) {
      delete out[field];
      continue;
    }
    const type = PROFILE_FIELDS[field];
    const ok =
      type === 'string'
        ? typeof value === 'string'
        : type === 'bool'
          ? typeof value === 'boolean'
          : type === 'int'
            ? Number.isInteger(value)
            : typeof value === 'object' &&
              !Array.isArray(value) &&
              Object.values(value).every((v) => typeof v === 'string');
    if (!ok) throw new SoracomCliError(`json: cannot unmarshal ${typeof value} into field ${field}`, stage);
    out[field] = value;
  }
  return out;
}

export function cliProfileDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  return env.SORACOM_PROFILE_DIR || path.join(homeDir, '.soracom');
}

export function loadCliProfile(name: string, env: NodeJS.ProcessEnv, homeDir: string): CliProfile {
  const file = path.join(cliProfileDir(env, homeDir), `${name}.json`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new SoracomCliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`,
      'profile-file',
    );
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new SoracomCliError(`permission of ${file} is too open`, 'profile-file');
  }
  const profile = decodeProfile(fs.readFileSync(file, 'utf8'), 'profile-file');
  if (!profile.coverageType) profile.coverageType = 'jp';
  return profile;
}

function defaultEndpoint(coverageType: string | undefined, sandbox: boolean): string {
  if (sandbox)
    return coverageType === 'g' ? 'https://g.api-sandbox.soracom.io' : 'https://api-sandbox.soracom.io';
  return coverageType === 'g' ? 'https://g.api.soracom.io' : 'https://api.soracom.io';
}

export function cliEndpoint(profile: CliProfile, env: NodeJS.ProcessEnv, coverageTypeFlag?: string): string {
  if (env.SORACOM_ENDPOINT) return env.SORACOM_ENDPOINT;
  if (coverageTypeFlag) return defaultEndpoint(coverageTypeFlag, profile.sandbox === true);
  if (profile.endpoint !== undefined) return profile.endpoint;
  return defaultEndpoint(profile.coverageType, profile.sandbox === true);
}

export interface ProfileCommandRun {
  argv: string[];
  stdout: string;
  stderr: string;
}

/** exec.Command(args[0], args[1:]...).Output(): no stdin, stdout captured, stderr captured for the error. */
export async function runProfileCommand(
  command: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<ProfileCommandRun> {
  let argv: string[];
  try {
    argv = parseShellWords(command);
  } catch (error) {
    throw new SoracomCliError((error as Error).message, 'profile-command');
  }
  if (argv.length < 1) throw new SoracomCliError('profileCommand is empty', 'profile-command');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new SoracomCliError(`exec: ${error.message}`, 'profile-command'));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const why = signal ? `signal: ${signal}` : `exit status ${String(code)}`;
        reject(Object.assign(new SoracomCliError(why, 'profile-command'), { run: { argv, stdout, stderr } }));
        return;
      }
      resolve({ argv, stdout, stderr });
    });
  });
}

export interface SoracomCliAuthOptions {
  /** --profile; default "default". */
  profile?: string;
  /** The environment soracom-cli runs in (HOME, SORACOM_PROFILE_DIR, SORACOM_ENDPOINT, PATH). */
  env: NodeJS.ProcessEnv;
  homeDir?: string;
  coverageType?: string;
  lang?: 'en' | 'ja';
  commandTimeoutMs?: number;
}

export interface SoracomCliAuthResult {
  endpoint: string;
  profile: CliProfile;
  /** The profileCommand's run, when the profile has one. */
  command?: ProfileCommandRun;
  /** The /auth body soracom-cli sent. */
  authRequest: Record<string, string>;
  auth: { apiKey: string; token: string; operatorId: string; userName?: string };
}

export async function soracomCliAuthenticate(options: SoracomCliAuthOptions): Promise<SoracomCliAuthResult> {
  const homeDir = options.homeDir ?? options.env.HOME ?? os.homedir();
  const fileProfile = loadCliProfile(options.profile ?? 'default', options.env, homeDir);
  const endpoint = cliEndpoint(fileProfile, options.env, options.coverageType);
  let authProfile = fileProfile;
  let command: ProfileCommandRun | undefined;
  if (fileProfile.profileCommand) {
    command = await runProfileCommand(fileProfile.profileCommand, options.env, options.commandTimeoutMs);
    authProfile = decodeProfile(command.stdout, 'profile-command');
  }
  if (authProfile.sourceProfile) throw new SoracomCliError('switch-user profiles are not emulated', 'auth');
  const authRequest: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) authRequest[key] = value;
  };
  put('email', authProfile.email);
  put('password', authProfile.password);
  put('authKeyId', authProfile.authKeyId);
  put('authKey', authProfile.authKey);
  put('userName', authProfile.username);
  put('operatorId', authProfile.operatorId);
  put('mfaOTPCode', authProfile.mfaOTPCode);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'soracom-cli/emulated',
    'X-Soracom-Lang': options.lang ?? 'en',
    ...(fileProfile.headers ?? {}),
  };
  const response = await fetch(`${endpoint}/v1/auth`, {
    method: 'POST',
    headers,
    body: JSON.stringify(authRequest),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status >= 400) throw new SoracomCliError(text, 'auth', response.status);
  const auth = JSON.parse(text) as SoracomCliAuthResult['auth'];
  return { endpoint, profile: fileProfile, ...(command ? { command } : {}), authRequest, auth };
}
