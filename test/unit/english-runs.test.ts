import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishRuns } from '../support/english-runs';

test('English sentences are found in Japanese text; names, ARNs and paths are not', () => {
  assert.deepEqual(englishRuns('キーチェーンがロックされています。The OS keychain is locked.'), [
    'The OS keychain is locked',
  ]);
  assert.deepEqual(
    englishRuns(
      '「work」は今後 arn:aws:iam::123456789012:mfa/alice-phone でログインします。AWS CLI で使用: aws … --profile work-mfa',
    ),
    [],
  );
  assert.deepEqual(englishRuns('/home/alice/.aws/credentials を読み取れません'), []);
  assert.deepEqual(englishRuns('シークレットキー: UCBN VDEO UHOZ MXQA'), []);
});
