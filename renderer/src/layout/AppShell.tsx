import { useEffect, useRef, useState } from 'react';
import type { AppCommand } from '@shared/contract';
import type { UserDto } from '@shared/domain';
import { subscribe } from '../api/client';
import { keys } from '../app/shortcut-list';
import { matches, runShortcut, useShortcut } from '../app/shortcuts';
import type { ViewId } from '../app/view-id';
import { viewsFor, type View } from '../app/views';
import { useNavigation } from '../stores/navigation';
import { ConnectionContext, useConnectionCheck } from './connection';
import { ShortcutHelp } from './ShortcutHelp';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

/** The signed-in app: navigation on the left, who and how connected on top, the screen below. */
// Native menu commands run the action of a shortcut, where that shortcut means the same thing.
const onEventList = new Map<AppCommand, string>([['newEvent', keys.create]]);
const onOpenEvent = new Map<AppCommand, string>([
  ['findAttendee', keys.search],
  ['importAttendees', keys.importCsv],
  ['exportAttendees', keys.exportAttendees],
]);
const screens = new Map<AppCommand, ViewId>([
  ['openDoor', 'door'],
  ['openSettings', 'settings'],
]);

/** Runs a menu command in the signed-in app; one that does not apply here is ignored. */
function runCommand(command: AppCommand, available: readonly View[]) {
  const { view, eventId, go } = useNavigation.getState();
  const screen = screens.get(command);
  if (screen) {
    // As Mod+1…9 does: only screens this account has, and not under a dialog.
    if (available.some((item) => item.id === screen) && !document.querySelector('dialog[open]')) {
      go(screen);
    }
    return;
  }
  if (view !== 'events') return;
  const combo = (eventId ? onOpenEvent : onEventList).get(command);
  if (combo) runShortcut(combo);
}

export function AppShell({ user }: { user: UserDto }) {
  const view = useNavigation((state) => state.view);
  const go = useNavigation((state) => state.go);
  const connection = useConnectionCheck();
  const [help, setHelp] = useState(false);

  const available = viewsFor(user.role);
  const current = available.find((item) => item.id === view) ?? available[0]!;

  useShortcut(keys.help, () => setHelp(true));
  const latestViews = useRef(available);
  useEffect(() => {
    latestViews.current = available;
  });
  useEffect(
    () => subscribe('app.command', ({ command }) => runCommand(command, latestViews.current)),
    [],
  );
  // Mod+1…9: the sidebar's screens in order.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const index = available.findIndex((_, i) => matches(event, `mod+${i + 1}`));
      if (index < 0) return;
      event.preventDefault();
      go(available[index]!.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [available, go]);

  return (
    <ConnectionContext value={connection}>
      <div className="shell">
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <Sidebar role={user.role} />
        <div className="shell-main">
          <TopBar user={user} onHelp={() => setHelp(true)} />
          <main className="content" id="content" tabIndex={-1}>
            {current.render()}
          </main>
        </div>
        {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      </div>
    </ConnectionContext>
  );
}
