import type { DeviceSettings } from '@shared/contract/system';
import { useChannel } from '../../api/use-channel';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../layout/PageHeader';
import { useRestartNotice } from '../../stores/settings';
import { ConnectionForm } from './ConnectionForm';
import { HealthPanel } from './HealthPanel';
import { DesktopStatusNotice, JoinTeamPanel } from '../devices/JoinTeamPanel';

function KeychainNotice({ keychain }: { keychain: DeviceSettings['keychain'] }) {
  const ok = keychain.state === 'available';
  return (
    <div className={ok ? 'notice info' : 'notice warning'} role="status">
      <Icon name="key" />
      <p>
        <strong>{ok ? 'Keychain ready. ' : 'Keychain not available. '}</strong>
        {keychain.message}
      </p>
    </div>
  );
}

/** This desktop's connection settings; with the live health check once someone is signed in. */
export function SettingsScreen({ signedIn }: { signedIn: boolean }) {
  const query = useChannel('settings.get', {});
  const settings = query.data;
  const restartPending = useRestartNotice((state) => state.pending);

  return (
    <>
      <PageHeader
        title="Settings"
        lead="How this computer connects to Usher's data. Passwords are kept in the system keychain."
      />
      <div className="stack">
        {(restartPending || settings?.restartRequired) && (
          <div className="notice attention" role="status">
            <Icon name="refresh" />
            <p>
              <strong>Restart required. </strong>
              The saved settings apply the next time Usher starts.
            </p>
          </div>
        )}
        {query.error && (
          <div className="notice warning" role="alert">
            <Icon name="alert" />
            <p>{query.error.message}</p>
          </div>
        )}
        {settings?.mode === 'team' && <DesktopStatusNotice />}
        {signedIn && <HealthPanel />}
        {settings && <KeychainNotice keychain={settings.keychain} />}
        {settings && (
          <ConnectionForm initial={settings} onSaved={(saved) => query.replace(() => saved)} />
        )}
        <JoinTeamPanel onJoined={() => void query.refetch()} />
      </div>
    </>
  );
}
