import { useEffect, useState } from 'react';
import { Button } from '../components/Button';
import { Toasts } from '../components/Toasts';
import { AppShell } from '../layout/AppShell';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { SetupScreen } from '../screens/auth/SetupScreen';
import { SignInScreen } from '../screens/auth/SignInScreen';
import { UnavailableScreen } from '../screens/auth/UnavailableScreen';
import { useNavigation } from '../stores/navigation';
import { useSession } from '../stores/session';

function Screen() {
  const status = useSession((state) => state.status);
  const user = useSession((state) => state.user);
  const load = useSession((state) => state.load);
  // Before sign-in, Settings opens on its own page (a team server must be set up first).
  const [settingsOpen, setSettingsOpen] = useState(false);
  const openSettings = () => setSettingsOpen(true);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    // Every sign-in starts on the first screen, not where the last person left off.
    if (status === 'signedIn') useNavigation.getState().go('events');
    setSettingsOpen(false);
  }, [status]);

  if (status === 'signedIn' && user) return <AppShell user={user} />;
  if (settingsOpen) {
    return (
      <main className="standalone">
        <Button variant="ghost" onClick={() => setSettingsOpen(false)}>
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
      return <UnavailableScreen onOpenSettings={openSettings} />;
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
