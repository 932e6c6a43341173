import type { Role } from '@shared/domain';
import { Icon, Logo } from '../components/Icon';
import { viewsFor } from '../app/views';
import { useNavigation } from '../stores/navigation';

export function Sidebar({ role }: { role: Role }) {
  const view = useNavigation((state) => state.view);
  const go = useNavigation((state) => state.go);
  return (
    <aside className="sidebar">
      <div className="sidebar-brand">
        <Logo size={28} />
        <span>Usher</span>
      </div>
      <nav aria-label="Main">
        <ul>
          {viewsFor(role).map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={item.id === view ? 'page' : undefined}
                onClick={() => go(item.id)}
              >
                <Icon name={item.icon} />
                <span>{item.label}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
