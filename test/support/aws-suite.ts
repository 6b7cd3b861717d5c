// The setup most integration test files share: one AWS test environment (moto + validating layer) for the
// file, CLI sandboxes (throwaway HOMEs) made by its tests, and cleanup of both after the last test.
//
//   const { aws, sandbox } = useAwsSuite();
//   test('…', async () => { const s = sandbox(); const user = await createUser(aws, …); … });

import { after, before } from 'node:test';
import { startAwsTestEnv, type AwsTestEnv } from './aws-test-env';
import { Sandbox } from './cli-sandbox';

export interface AwsSuite {
  /** The file's environment; usable from the first test (or before() hook registered after this) on. */
  aws: AwsTestEnv;
  /** A sandbox pointed at the environment, removed after the last test. */
  sandbox: (extraEnv?: NodeJS.ProcessEnv) => Sandbox;
  /** Runs after the last test (last registered first), before the environment stops. */
  onCleanup: (cleanup: () => void) => void;
}

export function useAwsSuite(): AwsSuite {
  let env: AwsTestEnv | undefined;
  const sandboxes: Sandbox[] = [];
  const cleanups: (() => void)[] = [];
  const started = (): AwsTestEnv => {
    if (!env) throw new Error('the AWS test environment is used before it was started (outside a test?)');
    return env;
  };

  before(async () => {
    env = await startAwsTestEnv();
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) cleanup();
    for (const s of sandboxes) s.cleanup();
    await env?.stop();
  });

  return {
    // A view of the environment started in before(): test files can destructure `aws` at load time and
    // still pass it around (createUser(aws, …), aws.layer…) as they would the environment itself.
    aws: new Proxy({} as AwsTestEnv, {
      get: (_target, key) => Reflect.get(started(), key) as unknown,
      has: (_target, key) => Reflect.has(started(), key),
    }),
    sandbox: (extraEnv = {}) => {
      const s = new Sandbox(started().endpoint, extraEnv);
      sandboxes.push(s);
      return s;
    },
    onCleanup: (cleanup) => void cleanups.push(cleanup),
  };
}
