import { pausePoint } from '../core/test-pause';

/**
 * The onProgress of a rotation run from the CLI (key or Funnel): one line on stderr for the points that
 * have one, then the test hook's pause (MFA_TRAY_TEST_PAUSE_AT, see src/core/test-pause.ts).
 */
export function progressPrinter<P extends string>(
  lines: Partial<Record<P, string>>,
): (point: P) => Promise<void> {
  return async (point) => {
    const line = lines[point];
    if (line) process.stderr.write(`${line}\n`);
    await pausePoint(process.env, point);
  };
}
