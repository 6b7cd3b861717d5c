/**
 * Every command of `mfa-tray`, in the order the help lists them. Adding a group: one file under commands/
 * that exports a group(...) or command(...), and one line here. Keep those files light — this table is
 * loaded on every run, credential-process included: a command's run() imports what it needs.
 */
import { group, type CliCommand } from './command';
import { funnelGroup } from './commands/funnel';
import { mfaGroup } from './commands/mfa';
import { profileGroup } from './commands/profile';
import { roleGroup } from './commands/role';
import { rotate } from './commands/rotate';
import { soracomGroup } from './commands/soracom';
import { credentialProcessCommand, loginCommand, logoutCommand, statusCommand } from './commands/session';

export const COMMANDS: readonly CliCommand[] = [
  profileGroup,
  loginCommand,
  statusCommand,
  logoutCommand,
  credentialProcessCommand,
  mfaGroup,
  rotate,
  roleGroup,
  soracomGroup,
  funnelGroup,
];

export const CLI_NAME = 'mfa-tray';

/** The whole tree, as the root group `mfa-tray`. */
export const ROOT = group({
  name: CLI_NAME,
  summary: 'mfa-tray — MFA sessions for the AWS CLI, base keys in the OS keychain.',
  commands: COMMANDS,
  examples: [
    {
      command: 'pass show aws/work | mfa-tray profile add work --access-key-id AKIAIOSFODNN7EXAMPLE',
      comment: 'The secret access key on stdin (or typed at a hidden prompt).',
    },
    { command: 'mfa-tray login work', comment: 'Then: aws s3 ls --profile work-mfa' },
    { command: 'mfa-tray mfa create alice-laptop --profile work', comment: 'No MFA device yet? Set one up.' },
  ],
});

export const ROOT_HELP = {
  options: [['--version', 'Print the version.']] as [string, string][],
  footer:
    'Environment: MFA_TRAY_HOME, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, AWS_ENDPOINT_URL(_STS|_IAM).',
};
