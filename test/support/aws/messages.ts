// AWS's own error messages, word for word, for the errors the validating layer answers in place of moto.

export const AWS_MESSAGES = {
  invalidClientTokenId: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  mfaSerialInvalid:
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
  mfaCodeInvalid: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
  sessionCredentialsCannotGetSessionToken: 'Cannot call GetSessionToken with session credentials',
  invalidAuthenticationCode: 'Authentication code for device is not valid.',
  throttling: 'Rate exceeded',
  serviceUnavailable: 'The request has failed due to a temporary failure of the server.',
  missingAuthenticationToken: 'Request is missing Authentication Token',
} as const;
