/** The device being set up: its name and IAM user, and its deadline (main deletes it when unfinished). */
import { useEffect, useRef } from 'react';
import type { MfaSetupDto } from '../../../../src/shared/ipc-contract';
import { useI18n } from '../../i18n';
import { useNow } from '../../time';

/** Switches to "expired" when main's deadline for the unfinished device has passed. */
export function useExpiry(setup: MfaSetupDto, onExpired: () => void): void {
  const now = useNow();
  const expired = now >= Date.parse(setup.pendingUntil);
  const onExpiredRef = useRef(onExpired);
  useEffect(() => {
    onExpiredRef.current = onExpired;
  });
  useEffect(() => {
    if (expired) onExpiredRef.current();
  }, [expired]);
}

export function SetupFacts({ setup }: { setup: MfaSetupDto }) {
  const { t } = useI18n();
  return (
    <p className="setup-facts" data-testid="mfa-setup-device" title={setup.serialNumber}>
      <strong>{setup.deviceName}</strong>
      <span className="sep">·</span>
      <span>{t('mfa.factUser', { user: setup.userName })}</span>
    </p>
  );
}
