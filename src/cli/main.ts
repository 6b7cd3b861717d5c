#!/usr/bin/env node
/**
 * `mfa-tray` command line. The commands are declared in command-registry.ts; this file runs one and words
 * what went wrong. `credential-process` is the hot path (every AWS CLI call runs it), so nothing heavy is
 * imported at the top of this file or of the registry: each command loads what it needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MfaTrayError } from '../core/errors';
import { UsageError, type CliContext } from './command';
import { CLI_NAME, ROOT, ROOT_HELP } from './command-registry';
import { CommandUsageError, dispatch } from './dispatch';
import { processIo, type TerminalIo } from './terminal-io';

export { UsageError };

/**
 * How the AWS CLI should start us for credential_process: exactly the way this process was started
 * (node + its loader flags + this script, by absolute path), so it works from a checkout, an npm install
 * or `npm link` alike.
 */
function launchCommand(): string[] {
  const script = process.argv[1];
  return script ? [process.execPath, ...process.execArgv, fs.realpathSync(script)] : ['mfa-tray'];
}

function coreOpener(env: NodeJS.ProcessEnv): CliContext['openCore'] {
  return async () => {
    const { openCore } = await import('../core/open.js');
    const core = openCore(env, { cliCommand: launchCommand() });
    // Finish or undo what a killed mfa-tray process left half done, before reading or changing anything.
    await core.recover();
    return core;
  };
}

/** The version in our package.json (found upwards from here: dist/src/cli or src/cli). */
export function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === CLI_NAME && pkg.version) return pkg.version;
    } catch {
      // No (readable) package.json here: look further up.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

export async function main(
  argv: string[],
  io: TerminalIo = processIo(),
  env: NodeJS.ProcessEnv = process.env,
  openCore: CliContext['openCore'] = coreOpener(env),
): Promise<number> {
  try {
    if (argv[0] === '--version') {
      io.out(`${CLI_NAME} ${version()}\n`);
      return 0;
    }
    return await dispatch(ROOT, CLI_NAME, argv, { io, env, openCore }, { rootHelp: ROOT_HELP });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${CLI_NAME}: ${error.message}\n`);
      io.err(error instanceof CommandUsageError ? error.usage : `Run \`${CLI_NAME} help\` for usage.\n`);
      return 2;
    }
    if (error instanceof MfaTrayError) {
      io.err(`${CLI_NAME}: ${error.toOneLine()}\n`);
      return 1;
    }
    if (error instanceof Error && error.message === 'cancelled') {
      io.err(`${CLI_NAME}: cancelled.\n`);
      return 130;
    }
    // Unknown errors: the message only (never a stack with request data in it).
    io.err(`${CLI_NAME}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    io.close();
  }
}

if (require.main === module) {
  // The SDK's notice about future Node versions is for developers, not for every `mfa-tray login`.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
