import { useEffect } from 'react';
import type { UserDto } from '@shared/domain';
import { viewsFor } from '../app/views';
import { useConnection } from '../stores/connection';
import { useNavigation } from '../stores/navigation';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

/** The signed-in app: navigation on the left, who and how connected on top, the screen below. */
export function AppShell({ user }: { user: UserDto }) {
  const view = useNavigation((state) => state.view);
  const watch = useConnection((state) => state.watch);
  useEffect(() => watch(), [watch]);

  const available = viewsFor(user.role);
  const current = available.find((item) => item.id === view) ?? available[0]!;
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <Sidebar role={user.role} />
      <div className="shell-main">
        <TopBar user={user} />
        <main className="content" id="content" tabIndex={-1}>
          {current.render()}
        </main>
      </div>
    </div>
  );
}
