import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useSession } from '../../stores/session';
import { AuthFrame } from './AuthFrame';
import { LocalPasswordForm } from './LocalPasswordForm';

/** The app answered but cannot work (server unreachable, newer schema): say why, offer a way out. */
export function UnavailableScreen({
  onOpenSettings,
  onOpenDoor,
}: {
  onOpenSettings(): void;
  onOpenDoor(): void;
}) {
  const reason = useSession((state) => state.reason);
  const load = useSession((state) => state.load);
  // A desktop prepared for the door keeps its station even now: offer it when it answers.
  const doorEvent = useChannel('scanner.status', {}).data?.event?.title ?? null;

  return (
    <AuthFrame title="Usher cannot start">
      <div className="notice warning" role="alert">
        <Icon name="alert" />
        <p>{reason ?? 'The reason is not known.'}</p>
      </div>
      <LocalPasswordForm />
      <p className="muted">
        Check the connection settings. After changing them, restart Usher for them to apply.
      </p>
      {doorEvent && (
        <p className="muted">
          This desktop is prepared for <strong>{doorEvent}</strong>: the door station works offline
          and sends its check-ins when the server is back.
        </p>
      )}
      <div className="button-row">
        {doorEvent && (
          <Button variant="primary" icon="door" onClick={onOpenDoor}>
            Open the door station
          </Button>
        )}
        <Button
          variant={doorEvent ? 'secondary' : 'primary'}
          icon="settings"
          onClick={onOpenSettings}
        >
          Open settings
        </Button>
        <Button icon="refresh" onClick={() => void load()}>
          Try again
        </Button>
      </div>
    </AuthFrame>
  );
}
