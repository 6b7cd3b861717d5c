/**
 * Where the AWS CLI finds a profile's session: written to ~/.aws/credentials (delivery "file"), or fetched
 * by the CLI itself through a credential_process line that runs `mfa-tray credential-process NAME`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AwsProfiles } from '../aws-profiles';
import type { SessionCredentials } from '../keychain/secret-store';
import type { Profile } from '../profiles';

export class SessionDelivery {
  constructor(
    private readonly awsProfiles: AwsProfiles,
    /** How the AWS CLI should run us for credential_process: [executable, ...args]. */
    private readonly cliCommand: string[],
  ) {}

  credentialProcessLine(name: string): string {
    return [...this.cliCommand.map(quoteArg), 'credential-process', name].join(' ');
  }

  /** Puts the session where the AWS CLI finds it; with no session, only the config side is prepared. */
  async deliver(profile: Profile, session: SessionCredentials | undefined): Promise<void> {
    if (profile.delivery === 'file') {
      if (session) await this.awsProfiles.writeSessionCredentials(profile.target, session);
      await this.awsProfiles.ensureConfigProfile(profile.target, { region: profile.region });
    } else {
      await this.awsProfiles.ensureConfigProfile(profile.target, {
        region: profile.region,
        credentialProcess: this.credentialProcessLine(profile.name),
      });
    }
  }

  /** Takes down the delivery of `before` when its target or delivery changes (the new target is `target`). */
  async takeDown(before: Profile, target: string): Promise<void> {
    if (before.delivery === 'file') await this.awsProfiles.removeCredentialsSection(before.target);
    if (target !== before.target) await this.awsProfiles.removeConfigProfile(before.target);
    else if (before.delivery === 'process') await this.awsProfiles.removeCredentialProcess(target);
  }
}

/** Double quotes that the AWS CLI's credential_process splitting (shlex) reads back as the same argument. */
function quoteArg(arg: string): string {
  return `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** node + this checkout's (or install's) CLI script, unless MFA_TRAY_CLI_COMMAND says otherwise. */
export function defaultCliCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.MFA_TRAY_CLI_COMMAND) return [env.MFA_TRAY_CLI_COMMAND];
  const script = path.resolve(__dirname, '..', '..', 'cli', 'main.js');
  return fs.existsSync(script) ? [process.execPath, script] : ['mfa-tray'];
}
