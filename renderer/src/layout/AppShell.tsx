import { useEffect, useState } from 'react';
import type { UserDto } from '@shared/domain';
import { keys } from '../app/shortcut-list';
import { matches, useShortcut } from '../app/shortcuts';
import { viewsFor } from '../app/views';
import { useConnection } from '../stores/connection';
import { useNavigation } from '../stores/navigation';
import { ShortcutHelp } from './ShortcutHelp';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

/** The signed-in app: navigation on the left, who and how connected on top, the screen below. */
export function AppShell({ user }: { user: UserDto }) {
  const view = useNavigation((state) => state.view);
  const go = useNavigation((state) => state.go);
  const watch = useConnection((state) => state.watch);
  const [help, setHelp] = useState(false);
  useEffect(() => watch(), [watch]);

  const available = viewsFor(user.role);
  const current = available.find((item) => item.id === view) ?? available[0]!;

  useShortcut(keys.help, () => setHelp(true));
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
  );
}
