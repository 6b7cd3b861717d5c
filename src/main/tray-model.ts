import type { Clock } from '../core/clock';
import type { ProfileDto } from '../shared/ipc-contract';
import type { MainStrings } from './i18n';
import { underSources } from '../core/roles/role-status';

/**
 * What the tray shows, as plain data: the Electron layer (tray.ts) only turns it into a Tray icon, a tooltip
 * and a Menu. Everything here runs and is tested under plain Node.
 */

export type TrayState = 'ok' | 'expiring' | 'alert';

/**
 * The icon answers "does the AWS CLI work right now, and for how long?". The worst profile wins:
 * - `alert` when any profile is expired or has no session — and when there is no profile at all, because
 *   then nothing works yet and the popup has the set-up form to offer;
 * - `expiring` when any session is within its lead time;
 * - `ok` only when every profile has a valid session.
 */
export function trayState(profiles: readonly ProfileDto[]): TrayState {
  if (profiles.length === 0) return 'alert';
  if (profiles.some((p) => p.state === 'expired' || p.state === 'none')) return 'alert';
  if (profiles.some((p) => p.state === 'expiring')) return 'expiring';
  return 'ok';
}

/** The profile whose running session ends first (judged by the clock, not the possibly stale state). */
export function nearestLiveSession(
  profiles: readonly ProfileDto[],
  nowMs: number,
): { profile: ProfileDto; expiresAtMs: number } | undefined {
  let nearest: { profile: ProfileDto; expiresAtMs: number } | undefined;
  for (const profile of profiles) {
    if (profile.expiresAt === null) continue;
    const expiresAtMs = Date.parse(profile.expiresAt);
    if (Number.isNaN(expiresAtMs) || expiresAtMs <= nowMs) continue;
    if (!nearest || expiresAtMs < nearest.expiresAtMs) nearest = { profile, expiresAtMs };
  }
  return nearest;
}

/** H:MM:SS, rounded up so that 0:00:00 is shown only once the session is over. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * "mfa-tray — dev 1:23:45": the session that ends first, counting down. With more than one running session,
 * one more line each, in the list's order, a role under its source profile ("  ↳ admin 0:42:10").
 */
export function tooltip(profiles: readonly ProfileDto[], nowMs: number, t: MainStrings): string {
  const nearest = nearestLiveSession(profiles, nowMs);
  if (!nearest) return `${t.appName} — ${t.tooltipNoSession}`;
  const head = `${t.appName} — ${nearest.profile.name} ${formatCountdown(nearest.expiresAtMs - nowMs)}`;
  const running = underSources([...profiles]).flatMap(({ row, depth }) => {
    const live = nearestLiveSession([row], nowMs);
    return live ? [`${depth ? '  ↳ ' : ''}${row.name} ${formatCountdown(live.expiresAtMs - nowMs)}`] : [];
  });
  return running.length > 1 ? [head, ...running].join('\n') : head;
}

/** Which icon file (in assets/) shows a state; macOS gets monochrome template images (see make-icons.js). */
export function trayIconFile(state: TrayState, platform: string): string {
  if (platform === 'darwin') {
    return { ok: 'trayTemplate.png', expiring: 'trayExpiringTemplate.png', alert: 'trayAlertTemplate.png' }[
      state
    ];
  }
  return { ok: 'tray-ok.png', expiring: 'tray-expiring.png', alert: 'tray-alert.png' }[state];
}

// ---- context menu ---------------------------------------------------------------------------------------

export type MenuAction =
  | { kind: 'login'; name: string }
  | { kind: 'logout'; name: string }
  | { kind: 'open' }
  | { kind: 'toggle-start-at-login' }
  | { kind: 'quit' };

export type MenuItemModel =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: MenuAction }
  | { type: 'checkbox'; label: string; enabled: boolean; checked: boolean; action: MenuAction }
  | { type: 'submenu'; label: string; enabled: boolean; submenu: MenuItemModel[] };

/**
 * Right-click menu: one submenu per profile (its state in the label; Log in…, Log out), then Open,
 * Start at login, Quit. Built afresh each time the menu opens, so labels need no live updates.
 */
export function menuTemplate(
  profiles: readonly ProfileDto[],
  options: { startAtLogin: boolean },
  t: MainStrings,
): MenuItemModel[] {
  const items: MenuItemModel[] = [];
  if (profiles.length === 0) {
    items.push({ type: 'normal', label: t.menuNoProfiles, enabled: false });
  }
  for (const profile of profiles) {
    items.push({
      type: 'submenu',
      // A role sits under its source profile (the list comes in that order).
      label: `${profile.role ? '  ↳ ' : ''}${profile.name} — ${t.stateLabel[profile.state]}`,
      enabled: true,
      submenu: [
        // Logging in again while a session runs is how one extends it, so it is always offered.
        { type: 'normal', label: t.menuLogin, enabled: true, action: { kind: 'login', name: profile.name } },
        // Logging out also clears an expired session's leftovers from ~/.aws/credentials.
        {
          type: 'normal',
          label: t.menuLogout,
          enabled: profile.expiresAt !== null,
          action: { kind: 'logout', name: profile.name },
        },
      ],
    });
  }
  items.push(
    { type: 'separator' },
    { type: 'normal', label: t.menuOpen, enabled: true, action: { kind: 'open' } },
    {
      type: 'checkbox',
      label: t.menuStartAtLogin,
      enabled: true,
      checked: options.startAtLogin,
      action: { kind: 'toggle-start-at-login' },
    },
    { type: 'separator' },
    { type: 'normal', label: t.menuQuit, enabled: true, action: { kind: 'quit' } },
  );
  return items;
}

// ---- live presentation ----------------------------------------------------------------------------------

export interface TrayView {
  state: TrayState;
  tooltip: string;
}

/**
 * Keeps the tray's icon and tooltip current. The countdown needs a tick every second, but only while some
 * session is running: one timer, aligned to the moment the shown second changes, and none at all otherwise
 * (an idle tray app should not wake the CPU every second).
 */
export class TrayPresenter {
  private profiles: readonly ProfileDto[] = [];
  private timer: unknown;
  private last: TrayView | undefined;

  constructor(
    private readonly options: {
      clock: Clock;
      strings: () => MainStrings;
      render: (view: TrayView) => void;
    },
  ) {}

  update(profiles: readonly ProfileDto[]): void {
    this.profiles = profiles;
    this.refresh();
  }

  /** Re-renders even if nothing changed (after a language switch). */
  rerender(): void {
    this.last = undefined;
    this.refresh();
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private refresh(): void {
    this.stop();
    const now = this.options.clock.now();
    const view: TrayView = {
      state: trayState(this.profiles),
      tooltip: tooltip(this.profiles, now, this.options.strings()),
    };
    if (!this.last || this.last.state !== view.state || this.last.tooltip !== view.tooltip) {
      this.last = view;
      this.options.render(view);
    }
    const nearest = nearestLiveSession(this.profiles, now);
    if (!nearest) return;
    const remaining = nearest.expiresAtMs - now;
    // The shown (rounded-up) second changes whenever `remaining` crosses a whole second.
    const delay = remaining % 1000 || 1000;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, delay);
  }
}
