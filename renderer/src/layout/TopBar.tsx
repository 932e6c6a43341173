import type { UserDto } from '@shared/domain';
import { keys } from '../app/shortcut-list';
import { keyLabel } from '../app/shortcuts';
import { Button } from '../components/Button';
import { Icon } from '../components/Icon';
import { roleLabels } from '../screens/staff/roles';
import { useSession } from '../stores/session';
import { LiveIndicator } from './LiveIndicator';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

export function TopBar({ user, onHelp }: { user: UserDto; onHelp(): void }) {
  const logout = useSession((state) => state.logout);
  return (
    <header className="topbar">
      <LiveIndicator />
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard shortcuts"
        title={`Keyboard shortcuts (${keyLabel(keys.help)})`}
        onClick={onHelp}
      >
        <Icon name="keyboard" />
      </button>
      <div className="topbar-user">
        <span className="avatar" aria-hidden="true">
          {initials(user.fullName)}
        </span>
        <span className="user-text">
          <span className="user-name">{user.fullName}</span>
          <span className="user-role">{roleLabels[user.role]}</span>
        </span>
      </div>
      <Button variant="ghost" icon="signOut" onClick={() => void logout()}>
        Sign out
      </Button>
    </header>
  );
}
