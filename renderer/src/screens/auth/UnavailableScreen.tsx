import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useSession } from '../../stores/session';
import { AuthFrame } from './AuthFrame';

/** The app answered but cannot work (server unreachable, newer schema): say why, offer a way out. */
export function UnavailableScreen({ onOpenSettings }: { onOpenSettings(): void }) {
  const reason = useSession((state) => state.reason);
  const load = useSession((state) => state.load);
  return (
    <AuthFrame title="Usher cannot start">
      <div className="notice warning" role="alert">
        <Icon name="alert" />
        <p>{reason ?? 'The reason is not known.'}</p>
      </div>
      <p className="muted">
        Check the connection settings. After changing them, restart Usher for them to apply.
      </p>
      <div className="button-row">
        <Button variant="primary" icon="settings" onClick={onOpenSettings}>
          Open settings
        </Button>
        <Button icon="refresh" onClick={() => void load()}>
          Try again
        </Button>
      </div>
    </AuthFrame>
  );
}
