// Starts the AWS test environment for manual tries (and dev hosts that need a fake AWS): prints one JSON line
// {"endpoint", "motoEndpoint", "region", "adminCredentials"} on stdout, then runs until SIGTERM/SIGINT.
//   npx tsx test/support/aws-test-env-cli.ts [--server-clock-offset SECONDS] [--user NAME]...
// Each --user NAME creates an IAM user with a virtual MFA device; the JSON then lists them under "users".

import { createUser, startAwsTestEnv, type TestUser } from './aws-test-env';

function parseArgs(argv: string[]): { serverClockOffsetSeconds: number; userNames: string[] } {
  let serverClockOffsetSeconds = 0;
  const userNames: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--server-clock-offset' && value !== undefined && Number.isFinite(Number(value))) {
      serverClockOffsetSeconds = Number(value);
      i += 1;
    } else if (arg === '--user' && value !== undefined) {
      userNames.push(value);
      i += 1;
    } else {
      throw new Error(`unknown or incomplete argument: ${arg}`);
    }
  }
  return { serverClockOffsetSeconds, userNames };
}

async function main(): Promise<void> {
  const { serverClockOffsetSeconds, userNames } = parseArgs(process.argv.slice(2));
  const env = await startAwsTestEnv({ serverClockOffsetSeconds });
  const users: TestUser[] = [];
  for (const name of userNames) users.push(await createUser(env, name));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    env.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`aws-test-env: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The layer's server keeps the process alive until stop().
  process.stdout.write(
    `${JSON.stringify({
      endpoint: env.endpoint,
      motoEndpoint: env.motoEndpoint,
      region: env.region,
      adminCredentials: env.adminCredentials,
      ...(users.length > 0 ? { users } : {}),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `aws-test-env: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
