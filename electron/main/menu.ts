import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '@shared/contract';

/**
 * Native menus: the standard roles give every platform its expected shortcuts, and the Event
 * and Go menus ask the window in front to run the app's own actions (the same ones its
 * keyboard shortcuts run), through `send`.
 */
export function buildMenu(send: (command: AppCommand) => void): Menu {
  const item = (
    label: string,
    command: AppCommand,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(command),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Event',
      submenu: [
        item('New Event', 'newEvent', 'CmdOrCtrl+N'),
        item('Find Attendee', 'findAttendee', 'CmdOrCtrl+F'),
        { type: 'separator' },
        item('Import Attendees…', 'importAttendees'),
        item('Export Attendees…', 'exportAttendees', 'CmdOrCtrl+Shift+E'),
      ],
    },
    {
      label: 'Go',
      submenu: [item('Door Station', 'openDoor'), item('Settings', 'openSettings', 'CmdOrCtrl+,')],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
