// AWS test environment for integration and end-to-end tests: moto behind the MFA-validating layer, composed
// from the toolkit in ./aws/ —
//   moto-process.ts     starting and stopping moto's server
//   validating-layer.ts the HTTP layer in front of it (with session-, mfa-, key- and role-layer.ts)
//   query-xml.ts        the AWS Query protocol: request parsing, XML answers and errors
//   fixtures.ts         users, keys and MFA devices for a test; totp.ts: the codes a phone shows
// Tests import from here; the names below are the stable surface.

import { ADMIN_CREDENTIALS, DEFAULT_REGION } from './aws/moto-client';
import { startMoto } from './aws/moto-process';
import { ValidatingLayer } from './aws/validating-layer';

export {
  accessKeysOf,
  adminIamClient,
  createUser,
  unassignedMfaSerials,
  userMfaSerials,
  type TestUser,
} from './aws/fixtures';
export { AWS_MESSAGES } from './aws/messages';
export type { IssuedSession } from './aws/session-layer';
export { TOTP_PERIOD_SECONDS, totpCode, waitForFreshWindow } from './totp';
export { ValidatingLayer, type FailureKind, type LayerRequestLogEntry } from './aws/validating-layer';

export interface AwsTestEnv {
  /** http://127.0.0.1:PORT of the validating layer; point clients here (AWS_ENDPOINT_URL / --endpoint-url). */
  endpoint: string;
  motoEndpoint: string;
  layer: ValidatingLayer;
  /** Keys moto does not know: accepted for IAM calls as the account's administrator (never for STS). */
  adminCredentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  stop(): Promise<void>;
}

export async function startAwsTestEnv(
  options: { serverClockOffsetSeconds?: number } = {},
): Promise<AwsTestEnv> {
  const moto = await startMoto();
  const layer = new ValidatingLayer(moto.endpoint);
  layer.serverClockOffsetSeconds = options.serverClockOffsetSeconds ?? 0;
  try {
    await layer.listen();
  } catch (error) {
    moto.kill();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await layer.close();
      await moto.stop();
    })();
    return stopping;
  };

  return {
    endpoint: layer.endpoint,
    motoEndpoint: moto.endpoint,
    layer,
    adminCredentials: { ...ADMIN_CREDENTIALS },
    region: DEFAULT_REGION,
    stop,
  };
}
