// A code command for tests, like `op item get X --otp` would be: prints the current TOTP code of the seed in
// $TEST_TOTP_SEED, or misbehaves as $TEST_TOTP_MODE says (fail with a message on stderr, print junk, hang).
import { generateSync } from 'otplib';

const mode = process.env.TEST_TOTP_MODE ?? 'ok';
if (mode === 'fail') {
  process.stderr.write('[ERROR] vault is locked\n');
  process.exit(3);
} else if (mode === 'junk') {
  process.stdout.write('not a code\n');
} else if (mode === 'hang') {
  setTimeout(() => undefined, 600_000);
} else {
  const secret = process.env.TEST_TOTP_SEED ?? '';
  process.stdout.write(`${generateSync({ secret, epoch: Math.floor(Date.now() / 1000) })}\n`);
}
