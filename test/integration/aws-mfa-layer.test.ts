// The AWS test environment checks EnableMFADevice/ResyncMFADevice codes as AWS does: two consecutive,
// unused codes of the device. (test/support/aws/mfa-layer.ts)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ListMFADevicesCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ResyncMFADeviceCommand,
} from '@aws-sdk/client-iam';
import {
  AWS_MESSAGES,
  TOTP_PERIOD_SECONDS,
  createUser,
  totpCode,
  waitForFreshWindow,
  type TestUser,
} from '../support/aws-test-env';
import { awsError, useLayerProbe } from '../support/aws/layer-probe';

const k = useLayerProbe();

void describe('EnableMFADevice and ResyncMFADevice', () => {
  async function newDevice(): Promise<{ user: TestUser; serialNumber: string; seed: string }> {
    const user = await createUser(k.env, k.uniqueName('enable'), { withMfa: false });
    const { VirtualMFADevice } = await k.iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: user.userName }),
    );
    const serialNumber = VirtualMFADevice!.SerialNumber!;
    const seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    assert.equal(k.env.layer.seedOf(serialNumber), seed);
    return { user, serialNumber, seed };
  }

  void test('non-consecutive codes are refused with InvalidAuthenticationCode; consecutive ones enable the device', async () => {
    const { user, serialNumber, seed } = await newDevice();
    await waitForFreshWindow();
    const periodMs = TOTP_PERIOD_SECONDS * 1000;
    const now = Date.now();
    const attempts: Array<[string, string]> = [
      [totpCode(seed, now), totpCode(seed, now - periodMs)], // consecutive but reversed
      [totpCode(seed, now - periodMs), totpCode(seed, now + periodMs)], // a window skipped
      [totpCode(seed, now), totpCode(seed, now)], // the same code twice
      [k.codeNotValidNow(seed), totpCode(seed, now)],
    ];
    for (const [code1, code2] of attempts) {
      const error = await awsError(
        k.iam.send(
          new EnableMFADeviceCommand({
            UserName: user.userName,
            SerialNumber: serialNumber,
            AuthenticationCode1: code1,
            AuthenticationCode2: code2,
          }),
        ),
      );
      assert.deepEqual(error, {
        code: 'InvalidAuthenticationCode',
        status: 403,
        message: AWS_MESSAGES.invalidAuthenticationCode,
      });
    }
    const { MFADevices: beforeEnable } = await k.iam.send(
      new ListMFADevicesCommand({ UserName: user.userName }),
    );
    assert.deepEqual(beforeEnable, []);

    await k.iam.send(
      new EnableMFADeviceCommand({
        UserName: user.userName,
        SerialNumber: serialNumber,
        AuthenticationCode1: totpCode(seed, now - periodMs),
        AuthenticationCode2: totpCode(seed, now),
      }),
    );
    const { MFADevices } = await k.iam.send(new ListMFADevicesCommand({ UserName: user.userName }));
    assert.deepEqual(
      MFADevices?.map((d) => d.SerialNumber),
      [serialNumber],
    );
    // The current code was consumed by EnableMFADevice.
    const reuse = await awsError(
      k.newSession({ ...user, serialNumber, seed }, { TokenCode: totpCode(seed, now) }),
    );
    assert.equal(reuse.message, AWS_MESSAGES.mfaCodeInvalid);
  });

  void test('ResyncMFADevice checks the codes like EnableMFADevice', async () => {
    const user = await createUser(k.env, k.uniqueName('resync'));
    await waitForFreshWindow();
    const periodMs = TOTP_PERIOD_SECONDS * 1000;
    const now = Date.now();
    const resync = (code1: string, code2: string) =>
      k.iam.send(
        new ResyncMFADeviceCommand({
          UserName: user.userName,
          SerialNumber: user.serialNumber,
          AuthenticationCode1: code1,
          AuthenticationCode2: code2,
        }),
      );
    const error = await awsError(resync(totpCode(user.seed!, now + periodMs), totpCode(user.seed!, now)));
    assert.equal(error.code, 'InvalidAuthenticationCode');
    await resync(totpCode(user.seed!, now), totpCode(user.seed!, now + periodMs));
  });
});
