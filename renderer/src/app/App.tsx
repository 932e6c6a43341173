import { useEffect, useState } from 'react';
import { Button } from '../components/Button';
import { Toasts } from '../components/Toasts';
import { AppShell } from '../layout/AppShell';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { SetupScreen } from '../screens/auth/SetupScreen';
import { SignInScreen } from '../screens/auth/SignInScreen';
import { UnavailableScreen } from '../screens/auth/UnavailableScreen';
import { DoorScreen } from '../screens/door/DoorScreen';
import { useSession, type SessionStatus } from '../stores/session';

function Screen() {
  const status = useSession((state) => state.status);
  const user = useSession((state) => state.user);
  const load = useSession((state) => state.load);
  // Before sign-in, Settings opens on its own page (a team server must be set up first). It
  // belongs to the screen it was opened from, so signing in or out closes it.
  const [settingsFrom, setSettingsFrom] = useState<SessionStatus | null>(null);
  const settingsOpen = settingsFrom === status;
  const openSettings = () => setSettingsFrom(status);
  // With the server out of reach, a prepared door desktop still runs its station offline.
  const [doorOffline, setDoorOffline] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  if (status === 'signedIn' && user) return <AppShell user={user} />;
  if (doorOffline && status === 'unavailable') {
    return (
      <main className="standalone">
        <Button variant="ghost" onClick={() => setDoorOffline(false)}>
          ← Back
        </Button>
        <DoorScreen />
      </main>
    );
  }
  if (settingsOpen) {
    return (
      <main className="standalone">
        <Button variant="ghost" onClick={() => setSettingsFrom(null)}>
          ← Back
        </Button>
        <SettingsScreen signedIn={false} />
      </main>
    );
  }
  switch (status) {
    case 'setup':
      return <SetupScreen onOpenSettings={openSettings} />;
    case 'signedOut':
      return <SignInScreen onOpenSettings={openSettings} />;
    case 'unavailable':
      return (
        <UnavailableScreen onOpenSettings={openSettings} onOpenDoor={() => setDoorOffline(true)} />
      );
    default:
      return (
        <main className="loading" aria-busy="true">
          <span className="spinner large" aria-hidden="true" />
          <span className="visually-hidden">Loading Usher</span>
        </main>
      );
  }
}

export function App() {
  return (
    <>
      <Screen />
      <Toasts />
    </>
  );
}
