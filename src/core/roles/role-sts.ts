import type { SessionCredentials } from '../keychain/secret-store';
import type { AwsCredentialsInput } from '../aws-client';

/** One AssumeRole request, in our terms. */
export interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  externalId?: string;
  /** With MFA directly (roles over 1 h): the source user's device and a code. */
  serialNumber?: string;
  tokenCode?: string;
}

/** The small slice of STS the role driver needs; the real one is SdkRoleSts, tests may pass their own. */
export interface RoleSts {
  assumeRole(
    credentials: AwsCredentialsInput,
    request: AssumeRoleRequest,
    options: { region: string },
  ): Promise<SessionCredentials>;
}

/** Every AssumeRole request gives up after these, so a dead network never hangs a login or the AWS CLI. */
export const ROLE_STS_TIMEOUTS = { connectionTimeoutMs: 5_000, requestTimeoutMs: 15_000 };

/** The SDK-backed RoleSts, loading the AWS SDK only when a role is actually assumed. */
export function lazySdkRoleSts(env: NodeJS.ProcessEnv, now: () => number): RoleSts {
  return {
    async assumeRole(credentials, request, options) {
      const { SdkRoleSts } = await import('./sdk-role-sts.js');
      return new SdkRoleSts(env, now).assumeRole(credentials, request, options);
    },
  };
}
