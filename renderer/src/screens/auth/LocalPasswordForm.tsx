import { useEffect, useState } from 'react';
import { channels } from '@shared/contract';
import type { DeviceSettings } from '@shared/contract/system';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useSession } from '../../stores/session';

/**
 * Local mode where no keychain lasts: the database password the person chose, typed at each
 * start and never saved. Shown only when that is what stops Usher; the first time, it is chosen
 * (typed twice), before anything is created.
 */
export function LocalPasswordForm() {
  const load = useSession((state) => state.load);
  const [settings, setSettings] = useState<DeviceSettings | null>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  useEffect(() => {
    void call('settings.get', {}).then((result) => result.ok && setSettings(result.value));
  }, []);
  const choosing = settings?.localPassword !== 'typed';
  const form = useForm({
    schema: channels['settings.startLocal'].input,
    extraCheck: (): Record<string, string> =>
      choosing && password !== repeat ? { repeat: 'The two passwords do not match' } : {},
    submit: async (input) => {
      const result = await call('settings.startLocal', input);
      if (!result.ok) return result.error;
      await load();
      return null;
    },
  });
  const needed =
    settings?.mode === 'local' &&
    (settings.localPassword === 'typed' || settings.keychain.state !== 'available');
  if (!needed) return null;

  return (
    <form className="form" noValidate onSubmit={form.handleSubmit({ password })}>
      <FormError error={form.error} />
      <TextField
        label={choosing ? 'Choose a database password' : 'Database password'}
        type="password"
        autoComplete={choosing ? 'new-password' : 'current-password'}
        value={password}
        onChange={(value) => {
          setPassword(value);
          form.clear('password');
        }}
        error={form.fields.password}
        hint={
          choosing
            ? 'You will type it each time Usher starts. It is never saved; without it the data on this computer cannot be opened.'
            : undefined
        }
      />
      {choosing && (
        <TextField
          label="Repeat the password"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(value) => {
            setRepeat(value);
            form.clear('repeat');
          }}
          error={form.fields.repeat}
        />
      )}
      <Button type="submit" variant="primary" className="wide" busy={form.busy}>
        {choosing ? 'Create the database with this password' : 'Open Usher'}
      </Button>
    </form>
  );
}
