/**
 * A new MFA secret on screen, for the authenticator app: the QR code, and the text key behind "Show the key"
 * for typing it by hand. Used by the AWS device setup and the SORACOM MFA setup; neither keeps the secret
 * anywhere but in its own state.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/** The key as people type it: groups of four. */
export function groupsOfFour(seed: string): string {
  return (seed.match(/.{1,4}/g) ?? []).join(' ');
}

/** Dark modules on white with a quiet zone, in dark mode too: phone scanners need dark-on-light. */
export function QrCard({ src, alt, testId }: { src: string; alt: string; testId: string }) {
  return (
    <div className="qr-card">
      <img
        className="qr"
        data-testid={testId}
        src={src}
        width={240}
        height={240}
        alt={alt}
        draggable={false}
      />
    </div>
  );
}

/** "Show the key": the text key in groups of four, scrolled into view when opened. */
export function SeedReveal({
  seed,
  testIdPrefix,
  children,
}: {
  seed: string;
  /** `mfa` → mfa-show-seed / mfa-seed. */
  testIdPrefix: string;
  /** Shown under it, open or not. */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [showSeed, setShowSeed] = useState(false);
  const seedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (showSeed) seedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [showSeed]);
  return (
    <div className="seed-reveal">
      <button
        type="button"
        className="button ghost link"
        data-testid={`${testIdPrefix}-show-seed`}
        aria-expanded={showSeed}
        onClick={() => setShowSeed((v) => !v)}
      >
        {t(showSeed ? 'mfa.hideSeed' : 'mfa.showSeed')}
      </button>
      {showSeed ? (
        <div className="seed-box" ref={seedRef}>
          <code className="seed" data-testid={`${testIdPrefix}-seed`}>
            {groupsOfFour(seed)}
          </code>
          <p className="field-help">{t('mfa.seedHelp')}</p>
        </div>
      ) : null}
      {children}
    </div>
  );
}
