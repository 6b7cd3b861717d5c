/**
 * The Electron entry point: wiring only. Every decision lives in plain-Node modules (AppController,
 * tray-model, notifier, power, popup-position, sender-check, login-item) that are tested without Electron.
 */
import { app, Notification, powerMonitor, shell as electronShell, type BrowserWindow } from 'electron';
import path from 'node:path';
import { systemClock } from '../core/clock';
import { installCliLauncher } from '../core/cli-shim';
import { openCore } from '../core/open';
import { mfaTrayHome } from '../core/paths';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import type { EventChannel, EventChannels, Language, PromptDto } from '../shared/ipc-contract';
import { DEFAULT_KEY_AGE_REMINDER_DAYS } from '../core/rules/settings-rules';
import { AppController } from './app-controller';
import { mainStrings, resolveLanguage, type MainStrings } from './i18n';
import type { ChannelHandlers } from './dispatch';
import { bindIpc } from './ipc';
import { XdgAutostart, xdgConfigHome, type LoginItem } from './login-item';
import { SessionNotifier } from './notifier';
import { rotationReminderFacts } from './rotation-handlers';
import { RotationReminder } from './rotation-reminder';
import { ReminderMemory } from '../core/rotation/reminder-memory';
import { shouldShowOnTrayClick } from './popup-position';
import { PowerWatcher } from './power';
import { AppTray } from './tray';
import type { MenuAction } from './tray-model';
import { createPopupWindow, hidePopup, rendererLocation, sendToPopup, showPopup } from './windows';

/** The help the popup's "Help" opens: the README, in the user's browser. */
const HELP_URL = 'https://github.com/mfa-tray/mfa-tray#readme';

/** Notifications must stay referenced, or a garbage-collected one loses its click handler. */
const MAX_LIVE_NOTIFICATIONS = 20;

class Shell {
  private readonly core: MfaTrayCore;
  private readonly controller: AppController;
  private readonly location = rendererLocation(app.getAppPath());
  private readonly loginItem = loginItem();
  private popup: BrowserWindow | undefined;
  private tray: AppTray | undefined;
  private notifier: SessionNotifier | undefined;
  private reminder: RotationReminder | undefined;
  private power: PowerWatcher | undefined;
  private unbindIpc: (() => void) | undefined;
  private strings: MainStrings;
  private lastHiddenAtMs: number | undefined;
  private readonly liveNotifications = new Set<Notification>();

  constructor(cliCommand: string[]) {
    this.core = openCore(process.env, { cliCommand });
    this.strings = mainStrings(resolveLanguage(this.languageSetting(), app.getLocale()));
    this.controller = new AppController({
      core: this.core,
      clock: systemClock,
      emit: (event, payload) => this.emit(event, payload),
      loginItem: this.loginItem,
      version: app.getVersion(),
      platform: process.platform,
      hideWindow: () => {
        if (this.popup) hidePopup(this.popup);
      },
      quit: () => app.quit(),
      openHelp: () => electronShell.openExternal(HELP_URL),
      onUnexpectedError: logUnexpected,
      onRotationsChanged: () => this.reminder?.check(),
    });
  }

  async start(): Promise<void> {
    // A tray app: no dock icon (packaged builds also set LSUIElement), no taskbar button (skipTaskbar).
    app.dock?.hide();

    const popup = createPopupWindow(this.location, { devTools: !app.isPackaged });
    popup.on('hide', () => (this.lastHiddenAtMs = Date.now()));
    this.popup = popup;

    this.unbindIpc = bindIpc(
      this.withSettingsFollowUp(this.controller.requests),
      () => ({
        fileUrl: this.location.fileUrl,
        webContentsId: popup.isDestroyed() ? undefined : popup.webContents.id,
      }),
      logUnexpected,
    );

    this.tray = new AppTray({
      assetsDir: path.join(app.getAppPath(), 'assets'),
      platform: process.platform,
      clock: systemClock,
      strings: () => this.strings,
      startAtLogin: () => this.loginItem.get(),
      onToggle: () => this.togglePopup(),
      onAction: (action) => this.onMenuAction(action),
    });

    this.notifier = new SessionNotifier({
      notify: (n) => this.showNotification(n.title, n.body, n.onClick),
      openPrompt: (name, reason) => this.openPrompt(name, reason),
      enabled: () => this.notificationsEnabled(),
      t: () => this.strings,
      clock: systemClock,
    });
    this.controller.onStateChange((changes, profiles) => this.notifier?.handle(changes, profiles));
    this.reminder = new RotationReminder({
      clock: systemClock,
      facts: () => rotationReminderFacts(this.core, systemClock),
      thresholdDays: () => this.core.settings().keyAgeReminderDays ?? DEFAULT_KEY_AGE_REMINDER_DAYS,
      enabled: () => this.notificationsEnabled(),
      notify: (n) => this.showNotification(n.title, n.body, n.onClick),
      t: () => this.strings,
      onClick: () => this.showPopup(),
      onError: logUnexpected,
      memory: new ReminderMemory(mfaTrayHome(this.core.env)),
    });
    // A CLI call waiting for a code brings the popup up; every other prompt was opened by the user.
    this.controller.prompts.onShow((prompt, info) => {
      if (prompt.reason === 'cli' && (info.isNew || !popup.isVisible())) this.showPopup();
    });

    this.power = new PowerWatcher(powerMonitor, () => this.resume(), systemClock);

    const started = await this.controller.start();
    this.reminder.start();
    if (started.bridgeError !== undefined) {
      console.warn(`mfa-tray: the CLI bridge is not available (${errorName(started.bridgeError)}).`);
    }
  }

  async stop(): Promise<void> {
    this.power?.stop();
    this.notifier?.stop();
    this.reminder?.stop();
    this.unbindIpc?.();
    this.tray?.destroy();
    await this.controller.stop();
  }

  private resume(): void {
    try {
      this.controller.resume();
    } catch (error) {
      // profiles.json unreadable right now: the next change or wake tries again.
      logUnexpected(error);
    }
  }

  showPopup(): void {
    if (this.popup) showPopup(this.popup, this.tray?.bounds());
  }

  private togglePopup(): void {
    const popup = this.popup;
    if (!popup || popup.isDestroyed()) return;
    const show = shouldShowOnTrayClick({
      visible: popup.isVisible(),
      lastHiddenAtMs: this.lastHiddenAtMs,
      nowMs: Date.now(),
    });
    if (show) this.showPopup();
    else hidePopup(popup);
  }

  private emit<E extends EventChannel>(event: E, payload: EventChannels[E]): void {
    if (this.popup) sendToPopup(this.popup, event, payload);
    if (event === 'profiles:changed') this.tray?.update(payload as EventChannels['profiles:changed']);
  }

  private openPrompt(name: string, reason: PromptDto['reason']): void {
    try {
      this.controller.openPrompt(name, reason);
    } catch (error) {
      // The profile is gone since: the popup shows the list instead.
      logUnexpected(error);
    }
    this.showPopup();
  }

  private onMenuAction(action: MenuAction): void {
    switch (action.kind) {
      case 'login':
        this.openPrompt(action.name, 'user');
        break;
      case 'logout':
        void this.controller.handlers['session:logout'](action.name).then((result) => {
          if (!result.ok)
            this.showNotification(this.strings.appName, result.error.message, () => this.showPopup());
        });
        break;
      case 'open':
        this.showPopup();
        break;
      case 'toggle-start-at-login':
        void this.loginItem
          .set(!this.loginItem.get())
          .catch(logUnexpected)
          .finally(() => this.tray?.refresh());
        break;
      case 'quit':
        app.quit();
        break;
    }
  }

  private showNotification(title: string, body: string, onClick: () => void): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body, silent: false });
    const release = () => this.liveNotifications.delete(notification);
    notification.on('click', () => {
      release();
      onClick();
    });
    notification.on('close', release);
    this.liveNotifications.add(notification);
    if (this.liveNotifications.size > MAX_LIVE_NOTIFICATIONS) {
      const oldest = this.liveNotifications.values().next().value;
      if (oldest) this.liveNotifications.delete(oldest);
    }
    notification.show();
  }

  /** The language can only change through settings:update; follow it there. */
  private withSettingsFollowUp(handlers: ChannelHandlers): ChannelHandlers {
    return {
      ...handlers,
      'settings:update': async (patch) => {
        const settings = await handlers['settings:update'](patch);
        this.strings = mainStrings(resolveLanguage(settings.language, app.getLocale()));
        this.tray?.refresh();
        return settings;
      },
    };
  }

  private languageSetting(): Language {
    try {
      return this.core.settings().language;
    } catch {
      return 'system';
    }
  }

  private notificationsEnabled(): boolean {
    try {
      return this.core.settings().notifications;
    } catch {
      return true;
    }
  }
}

/** macOS/Windows: the OS login items; Linux: an XDG autostart entry. */
function loginItem(): LoginItem {
  if (process.platform === 'linux') {
    // An AppImage runs from a temporary mount: start the AppImage file itself.
    const command = process.env.APPIMAGE
      ? [process.env.APPIMAGE]
      : app.isPackaged
        ? [process.execPath]
        : [process.execPath, app.getAppPath()];
    return new XdgAutostart({
      configHome: xdgConfigHome(process.env),
      command,
      name: 'mfa-tray',
      comment: 'MFA sessions for the AWS CLI',
    });
  }
  return {
    get: () => app.getLoginItemSettings().openAtLogin,
    set: (enabled) => Promise.resolve(app.setLoginItemSettings({ openAtLogin: enabled })),
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Bugs are logged by kind and stack frames only: an error's message is not vetted for secrets. */
function logUnexpected(error: unknown): void {
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1).join('\n') : '';
  console.error(`mfa-tray: unexpected ${errorName(error)}\n${frames}`);
}

function main(): void {
  // One tray per user: a second launch (the app menu, login item) just opens the running one's popup.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let shell: Shell | undefined;
  let stopped = false;
  app.on('second-instance', () => shell?.showPopup());
  // The popup is hidden, never closed; should every window go anyway, the tray keeps running.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => {
    if (stopped || !shell) return;
    // Cancel waiting CLI calls and close the bridge socket before the process goes.
    event.preventDefault();
    stopped = true;
    const running = shell;
    void running
      .stop()
      .catch(logUnexpected)
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(async () => {
      // credential_process must start the CLI on this app's runtime (there may be no `node` on the machine).
      const cliCommand = await installCliLauncher(
        mfaTrayHome(process.env),
        process.execPath,
        path.join(app.getAppPath(), 'dist', 'src', 'cli', 'main.js'),
      );
      shell = new Shell(cliCommand);
      await shell.start();
    })
    .catch((error: unknown) => {
      logUnexpected(error);
      app.exit(1);
    });
}

main();
