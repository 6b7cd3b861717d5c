import fs from 'node:fs';

/**
 * Fault-test seam: with MFA_TRAY_TEST_PAUSE_AT=<step> (and MFA_TRAY_TEST_PAUSE_MARKER=<file>), the process
 * writes the marker when it reaches that step between two writes of a multi-step operation, then waits
 * forever, so a test can kill -9 it exactly there. Without the variable this is a no-op.
 */
export async function pausePoint(env: NodeJS.ProcessEnv, step: string): Promise<void> {
  if (!env.MFA_TRAY_TEST_PAUSE_AT || env.MFA_TRAY_TEST_PAUSE_AT !== step) return;
  if (env.MFA_TRAY_TEST_PAUSE_MARKER) fs.writeFileSync(env.MFA_TRAY_TEST_PAUSE_MARKER, step);
  await new Promise<never>(() => {
    // Keeps the event loop alive until the test kills the process.
    setInterval(() => undefined, 60_000);
  });
}
