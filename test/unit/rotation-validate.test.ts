import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MfaTrayError } from '../../src/core/errors';
import { validateChannelArgs } from '../../src/main/channels';

function refused(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MfaTrayError);
    assert.equal(error.kind, 'invalid-input');
    return error.message;
  }
  assert.fail('expected invalid-input');
}

test('rotation:rotate takes a name, an optional code (normalised) and an optional key id to remove', () => {
  assert.deepEqual(validateChannelArgs('rotation:rotate', [{ name: 'work' }]), [{ name: 'work' }]);
  assert.deepEqual(
    validateChannelArgs('rotation:rotate', [
      { name: 'work', code: '123 456', removeUnusedKeyId: 'AKIAUNUSED0000000001' },
    ]),
    [{ name: 'work', code: '123456', removeUnusedKeyId: 'AKIAUNUSED0000000001' }],
  );
  assert.equal(
    refused(() => validateChannelArgs('rotation:rotate', [{ name: 'work', code: '12' }])),
    'The MFA code is not valid.',
  );
  refused(() => validateChannelArgs('rotation:rotate', [{ name: 'work', secret: 'x' }]));
  refused(() => validateChannelArgs('rotation:rotate', [{ name: 'work', removeUnusedKeyId: 'not a key' }]));
  assert.deepEqual(validateChannelArgs('rotation:finish', [{ name: 'work', code: '654321' }]), [
    { name: 'work', code: '654321' },
  ]);
  refused(() => validateChannelArgs('rotation:finish', ['work']));
  refused(() => validateChannelArgs('rotation:finish', [{ name: 'work' }, 'extra']));
});

test('funnel:rotate and its selector: profile names, IAM user name and the set prefix by their rules', () => {
  const request = {
    awsProfile: 'work',
    iamUser: 'funnel-publisher',
    soracomProfile: 'sora',
    prefix: 'aws-funnel',
  };
  assert.deepEqual(validateChannelArgs('funnel:plan', [request]), [request]);
  assert.equal(
    refused(() => validateChannelArgs('funnel:rotate', [{ ...request, iamUser: 'has space' }])),
    'The IAM user name is not valid.',
  );
  assert.equal(
    refused(() => validateChannelArgs('funnel:rotate', [{ ...request, prefix: '-dash' }])),
    'The SORACOM credential set prefix is not valid.',
  );
  assert.deepEqual(validateChannelArgs('funnel:resume', [{ soracomProfile: 'sora', prefix: 'aws-funnel' }]), [
    { soracomProfile: 'sora', prefix: 'aws-funnel' },
  ]);
  refused(() => validateChannelArgs('funnel:finish', [{ soracomProfile: 'sora' }]));
});

test('settings: the key age reminder is a whole number of days, 0 turns it off', () => {
  assert.deepEqual(validateChannelArgs('settings:update', [{ keyAgeReminderDays: 0 }]), [
    { keyAgeReminderDays: 0 },
  ]);
  assert.deepEqual(validateChannelArgs('settings:update', [{ keyAgeReminderDays: 180 }]), [
    { keyAgeReminderDays: 180 },
  ]);
  refused(() => validateChannelArgs('settings:update', [{ keyAgeReminderDays: -1 }]));
  refused(() => validateChannelArgs('settings:update', [{ keyAgeReminderDays: '90' }]));
  refused(() => validateChannelArgs('settings:update', [{ keyAgeReminderDays: 4000 }]));
});
