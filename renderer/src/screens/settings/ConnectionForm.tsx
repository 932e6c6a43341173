import { channels } from '@shared/contract';
import type { DeviceSettings } from '@shared/contract/system';
import type { DatabaseMode } from '@shared/domain';
import { Button } from '../../components/Button';
import { ChoiceCards } from '../../components/ChoiceCards';
import { TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { call } from '../../api/client';
import { useRestartNotice } from '../../stores/settings';
import { toastSuccess } from '../../stores/toasts';
import { SecretField } from './SecretField';

const modes: { value: DatabaseMode; title: string; text: string }[] = [
  {
    value: 'local',
    title: 'On this computer',
    text: 'A private database on this computer. Nothing to install; one person, one desk.',
  },
  {
    value: 'team',
    title: 'Team server',
    text: 'Share events and check-ins with your team through PostgreSQL and Redis.',
  },
];

// Secrets are write-only: typed ones replace what the keychain holds, or are removed on save.
const noSecrets = {
  databasePassword: '',
  redisPassword: '',
  removeDatabasePassword: false,
  removeRedisPassword: false,
};

// Empty means "keep the stored one"; an empty string is only sent to remove it.
const secret = (typed: string, remove: boolean) => (remove ? '' : typed || undefined);

interface ConnectionFormProps {
  initial: DeviceSettings;
  onSaved(settings: DeviceSettings): void;
}

/** Where this desktop keeps its data. Shown with the values it was opened with. */
export function ConnectionForm({ initial, onSaved }: ConnectionFormProps) {
  const restartNeeded = useRestartNotice((state) => state.saved);
  const form = useForm({
    schema: channels['settings.save'].input,
    initial: () => ({
      mode: initial.mode,
      databaseUrl: initial.databaseUrl,
      redisUrl: initial.redisUrl,
      ...noSecrets,
    }),
    toInput: (values) => ({
      mode: values.mode,
      databaseUrl: values.databaseUrl,
      redisUrl: values.redisUrl,
      databasePassword: secret(values.databasePassword, values.removeDatabasePassword),
      redisPassword: secret(values.redisPassword, values.removeRedisPassword),
    }),
    submit: async (input, { setValues }) => {
      const result = await call('settings.save', input);
      if (!result.ok) return result.error;
      onSaved(result.value);
      restartNeeded();
      toastSuccess('Settings saved', 'Restart Usher to use them.');
      setValues(noSecrets);
      return null;
    },
  });
  const { values, field, set } = form;

  return (
    <form className="form panel" noValidate onSubmit={form.handleSubmit}>
      <FormError error={form.error} />
      <ChoiceCards
        legend="Where Usher keeps its data"
        name="mode"
        choices={modes}
        value={values.mode}
        onChange={(mode) => set('mode', mode)}
      />

      {values.mode === 'team' && (
        <div className="field-grid">
          <TextField
            label="PostgreSQL address"
            {...field('databaseUrl')}
            placeholder="postgres://usher@db.example.org:5432/usher"
            spellCheck={false}
            hint="Without the password: that goes in the field next to it."
          />
          <SecretField
            label="PostgreSQL password"
            stored={initial.hasDatabasePassword}
            {...field('databasePassword')}
            removing={values.removeDatabasePassword}
            onRemovingChange={(remove) => set('removeDatabasePassword', remove, 'databasePassword')}
          />
          <TextField
            label="Redis address"
            {...field('redisUrl')}
            placeholder="redis://cache.example.org:6379"
            spellCheck={false}
            hint="Optional. Gives live updates between desktops."
          />
          <SecretField
            label="Redis password"
            stored={initial.hasRedisPassword}
            {...field('redisPassword')}
            removing={values.removeRedisPassword}
            onRemovingChange={(remove) => set('removeRedisPassword', remove, 'redisPassword')}
          />
        </div>
      )}

      <div className="form-actions">
        <Button type="submit" variant="primary" busy={form.busy}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
