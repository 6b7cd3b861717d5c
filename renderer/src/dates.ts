/**
 * The dates the rotation screens show (the key rotation and the Funnel one): one way of writing them, in the
 * app's locale, and where a key was last used.
 */
import type { Locale, Translate } from './i18n';

/** A date and time ("Nov 26, 2026, 7:05 PM"); empty when there is none. */
export function dateText(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A day ("Nov 26, 2026"); empty when there is none. */
export function dayText(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** Where a key was last used ("s3/eu-west-1"); IAM's "N/A" parts are left out. */
export function whereText(t: Translate, use: { serviceName: string | null; region: string | null }): string {
  const parts = [use.serviceName, use.region].filter((p): p is string => !!p && p !== 'N/A');
  return parts.length > 0 ? parts.join('/') : t('rotation.unknownService');
}
