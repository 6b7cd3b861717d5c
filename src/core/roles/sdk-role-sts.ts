import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { attachClockProbe, endpointFor, ServerClockProbe, type AwsCredentialsInput } from '../aws-client';
import { MfaTrayError } from '../errors';
import type { SessionCredentials } from '../keychain/secret-store';
import { classifyAssumeRoleError } from './assume-role-errors';
import { ROLE_STS_TIMEOUTS, type AssumeRoleRequest, type RoleSts } from './role-sts';

/** AssumeRole through @aws-sdk/client-sts, with connect and request timeouts. Loaded only when a role is assumed. */
export class SdkRoleSts implements RoleSts {
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly now: () => number = Date.now,
    private readonly timeouts = ROLE_STS_TIMEOUTS,
  ) {}

  async assumeRole(
    credentials: AwsCredentialsInput,
    request: AssumeRoleRequest,
    options: { region: string },
  ): Promise<SessionCredentials> {
    const probe = new ServerClockProbe(this.now);
    const client = new STSClient({
      region: options.region,
      // A copy: the SDK tags the credentials object it is given.
      credentials: { ...credentials },
      endpoint: endpointFor('STS', this.env),
      maxAttempts: 3,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: this.timeouts.connectionTimeoutMs,
        requestTimeout: this.timeouts.requestTimeoutMs,
      }),
    });
    attachClockProbe(client, probe);
    try {
      const out = await client.send(
        new AssumeRoleCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          DurationSeconds: request.durationSeconds,
          ...(request.externalId !== undefined ? { ExternalId: request.externalId } : {}),
          ...(request.serialNumber !== undefined
            ? { SerialNumber: request.serialNumber, TokenCode: request.tokenCode }
            : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
        throw new MfaTrayError('server', 'AWS answered AssumeRole without credentials.');
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration.toISOString(),
      };
    } catch (error) {
      // Our session credentials always come from GetSessionToken with a code: they carry MFA.
      throw classifyAssumeRoleError(error, {
        request,
        sessionHasMfa: credentials.sessionToken !== undefined,
        probe,
        now: this.now,
      });
    } finally {
      client.destroy();
    }
  }
}
