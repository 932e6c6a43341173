import { channels } from '@shared/contract';
import { call } from '../../api/client';
import { useChannel } from '../../api/use-channel';
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
  const settings = useChannel('settings.get', {}).data;
  const choosing = settings?.localPassword !== 'typed';
  const form = useForm({
    schema: channels['settings.startLocal'].input,
    initial: { password: '', repeat: '' },
    toInput: ({ password }) => ({ password }),
    extraCheck: (values): Record<string, string> =>
      choosing && values.password !== values.repeat
        ? { repeat: 'The two passwords do not match' }
        : {},
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
    <form className="form" noValidate onSubmit={form.handleSubmit}>
      <FormError error={form.error} />
      <TextField
        label={choosing ? 'Choose a database password' : 'Database password'}
        type="password"
        autoComplete={choosing ? 'new-password' : 'current-password'}
        {...form.field('password')}
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
          {...form.field('repeat')}
        />
      )}
      <Button type="submit" variant="primary" className="wide" busy={form.busy}>
        {choosing ? 'Create the database with this password' : 'Open Usher'}
      </Button>
    </form>
  );
}
