/** The QR code (and the text key, on demand) to add to the authenticator app. */
import { useEffect, useRef } from 'react';
import type { MfaSetupDto } from '../../../../src/shared/ipc-contract';
import { QrCard, SeedReveal } from '../../components/MfaSecret';
import { useI18n } from '../../i18n';
import { useExpiry, SetupFacts } from './SetupFacts';

export function MfaScanStep({
  setup,
  onNext,
  onCancel,
  onExpired,
}: {
  setup: MfaSetupDto;
  onNext: () => void;
  onCancel: () => void;
  onExpired: () => void;
}) {
  const { t } = useI18n();
  const nextRef = useRef<HTMLButtonElement>(null);
  useExpiry(setup, onExpired);
  useEffect(() => {
    // Ready for Enter, without scrolling the instructions and the QR code out of view.
    nextRef.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="scan">
      <h2 className="visually-hidden">{t('mfa.scanTitle')}</h2>
      <p className="section-body">{t('mfa.scanBody')}</p>
      <QrCard src={setup.qrPngDataUrl} alt={t('mfa.qrAlt', { device: setup.deviceName })} testId="mfa-qr" />
      <SetupFacts setup={setup} />
      <SeedReveal seed={setup.seedBase32} testIdPrefix="mfa">
        <p className="field-help">{t('mfa.seedNotStored')}</p>
      </SeedReveal>
      <div className="button-row sticky-actions">
        <button type="button" className="button" onClick={onCancel} data-testid="mfa-abandon">
          {t('mfa.abandon')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={onNext}
          data-testid="mfa-next"
          ref={nextRef}
        >
          {t('mfa.next')}
        </button>
      </div>
    </div>
  );
}
