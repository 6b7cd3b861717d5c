import path from 'node:path';
import {
  Menu,
  nativeImage,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
  type Rectangle,
} from 'electron';
import type { Clock } from '../core/clock';
import type { ProfileDto } from '../shared/ipc-contract';
import type { MainStrings } from './i18n';
import {
  menuTemplate,
  TrayPresenter,
  trayIconFile,
  type MenuAction,
  type MenuItemModel,
  type TrayState,
} from './tray-model';

export interface AppTrayOptions {
  assetsDir: string;
  platform: NodeJS.Platform;
  clock: Clock;
  strings: () => MainStrings;
  startAtLogin: () => boolean;
  /** Left click: show or hide the popup next to the icon. */
  onToggle: (bounds: Rectangle) => void;
  onAction: (action: MenuAction) => void;
}

/**
 * The tray icon: state icon, countdown tooltip (ticking only while a session runs, see TrayPresenter),
 * left click → popup, right click → menu. Everything it shows is computed in tray-model.ts.
 */
export class AppTray {
  private readonly tray: Tray;
  private readonly presenter: TrayPresenter;
  private readonly icons = new Map<TrayState, NativeImage>();
  private profiles: readonly ProfileDto[] = [];

  constructor(private readonly options: AppTrayOptions) {
    this.tray = new Tray(this.icon('alert'));
    this.presenter = new TrayPresenter({
      clock: options.clock,
      strings: options.strings,
      render: (view) => {
        this.tray.setImage(this.icon(view.state));
        this.tray.setToolTip(view.tooltip);
      },
    });
    if (options.platform === 'darwin') this.tray.setIgnoreDoubleClickEvents(true);
    this.tray.on('click', (_event, bounds) => options.onToggle(bounds));
    this.tray.on('right-click', () => this.tray.popUpContextMenu(this.buildMenu()));
  }

  update(profiles: readonly ProfileDto[]): void {
    this.profiles = profiles;
    this.presenter.update(profiles);
    // Linux trays (AppIndicator) have no click events, only a menu that must be set in advance.
    if (this.options.platform === 'linux') this.tray.setContextMenu(this.buildMenu());
  }

  /** After a language or start-at-login change. */
  refresh(): void {
    this.presenter.rerender();
    if (this.options.platform === 'linux') this.tray.setContextMenu(this.buildMenu());
  }

  bounds(): Rectangle {
    return this.tray.getBounds();
  }

  destroy(): void {
    this.presenter.stop();
    this.tray.destroy();
  }

  private buildMenu(): Menu {
    const model = menuTemplate(
      this.profiles,
      { startAtLogin: this.options.startAtLogin() },
      this.options.strings(),
    );
    return Menu.buildFromTemplate(model.map((item) => this.toElectron(item)));
  }

  private toElectron(item: MenuItemModel): MenuItemConstructorOptions {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return {
          type: 'submenu',
          label: item.label,
          enabled: item.enabled,
          submenu: item.submenu.map((i) => this.toElectron(i)),
        };
      case 'checkbox': {
        const action = item.action;
        return {
          type: 'checkbox',
          label: item.label,
          enabled: item.enabled,
          checked: item.checked,
          click: () => this.options.onAction(action),
        };
      }
      case 'normal': {
        const action = item.action;
        return {
          type: 'normal',
          label: item.label,
          enabled: item.enabled,
          click: action ? () => this.options.onAction(action) : undefined,
        };
      }
    }
  }

  private icon(state: TrayState): NativeImage {
    let image = this.icons.get(state);
    if (!image) {
      // createFromPath picks up the @2x file next to it on high-DPI screens.
      image = nativeImage.createFromPath(
        path.join(this.options.assetsDir, trayIconFile(state, this.options.platform)),
      );
      if (this.options.platform === 'darwin') image.setTemplateImage(true);
      this.icons.set(state, image);
    }
    return image;
  }
}
