import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '@shared/contract';
import { menus } from '../support/fake-electron';

import { buildMenu } from '../../electron/main/menu';

const send = vi.fn<(command: AppCommand) => void>();
const menu = (label: string) => {
  const found = menus.last.find((entry) => entry.label === label);
  return found?.submenu as MenuItemConstructorOptions[];
};
const item = (menuLabel: string, label: string) =>
  menu(menuLabel).find((entry) => entry.label === label)!;
const click = (entry: MenuItemConstructorOptions) => (entry.click as unknown as () => void)();

beforeEach(() => {
  send.mockClear();
  buildMenu(send);
});

describe('the native menus', () => {
  it('keep the standard role menus', () => {
    const roles = menus.last.map((entry) => entry.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu']));
  });

  it('list the frequent actions with their shortcuts', () => {
    const shown = (label: string) =>
      menu(label)
        .filter((entry) => entry.type !== 'separator')
        .map((entry) => [entry.label, entry.accelerator]);
    expect(shown('Event')).toEqual([
      ['New Event', 'CmdOrCtrl+N'],
      ['Find Attendee', 'CmdOrCtrl+F'],
      ['Import Attendees…', undefined],
      ['Export Attendees…', 'CmdOrCtrl+Shift+E'],
    ]);
    expect(shown('Go')).toEqual([
      ['Door Station', undefined],
      ['Settings', 'CmdOrCtrl+,'],
    ]);
  });

  it('send the command of the item chosen, and only that one', () => {
    const expected: [string, string, AppCommand][] = [
      ['Event', 'New Event', 'newEvent'],
      ['Event', 'Find Attendee', 'findAttendee'],
      ['Event', 'Import Attendees…', 'importAttendees'],
      ['Event', 'Export Attendees…', 'exportAttendees'],
      ['Go', 'Door Station', 'openDoor'],
      ['Go', 'Settings', 'openSettings'],
    ];
    for (const [menuLabel, label, command] of expected) {
      send.mockClear();
      click(item(menuLabel, label));
      expect(send.mock.calls).toEqual([[command]]);
    }
  });
});
