import type { UserDto } from '@shared/domain';
import { Button } from '../components/Button';
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

export function TopBar({ user }: { user: UserDto }) {
  const logout = useSession((state) => state.logout);
  return (
    <header className="topbar">
      <LiveIndicator />
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
