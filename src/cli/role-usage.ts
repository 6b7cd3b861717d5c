/** The role lines of `mfa-tray help` (a file of its own: main.ts imports it on every call). */
export const ROLE_USAGE = `  mfa-tray role add NAME --source PROFILE --role-arn ARN [--session-name S] [--external-id X]
                       [--duration SECONDS] [--region R] [--target AWS_PROFILE] [--delivery file|process]
        A role assumed with the MFA session of PROFILE: one code serves all its roles (up to 1 h each;
        longer roles are assumed with a code directly).
  mfa-tray role import [--yes] [--point]
        Import the role profiles of ~/.aws/config (role_arn + source_profile); --point makes those profiles
        use mfa-tray's credential_process (only their role lines change).
  mfa-tray role list [--json]
  mfa-tray logout SOURCE [--with-roles | --keep-roles]
`;
