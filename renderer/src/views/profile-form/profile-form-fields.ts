/** The profile form's fields and choices: session durations, regions, and the request's field names. */
import { DEFAULT_DURATION_SECONDS } from '../../../../src/core/rules/profile-rules';

export const DEFAULT_DURATION = DEFAULT_DURATION_SECONDS;
export const DURATIONS = [3600, 14400, 28800, 43200, 86400, 129600];
export const DEFAULT_REGION = 'us-east-1';
export const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'ap-east-1',
  'me-central-1',
  'af-south-1',
];

/** Fields that show their own error under them. */
export type FormField = 'name' | 'akid' | 'secret' | 'serial' | 'region' | 'target' | 'code-command';

/** The request's field names (as a broken rule names them) → the form's. */
export const REQUEST_FIELDS: Record<string, FormField> = {
  name: 'name',
  accessKeyId: 'akid',
  secretAccessKey: 'secret',
  mfaSerial: 'serial',
  region: 'region',
  target: 'target',
  codeCommand: 'code-command',
};
