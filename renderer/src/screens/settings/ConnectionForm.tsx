import { useState } from 'react';
import { channels } from '@shared/contract';
import type { DeviceSettings } from '@shared/contract/system';
import type { DatabaseMode } from '@shared/domain';
import { Button } from '../../components/Button';
import { ChoiceCards } from '../../components/ChoiceCards';
import { TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useSettings } from '../../stores/settings';
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

/** Where this desktop keeps its data. Shown with the values it was opened with. */
export function ConnectionForm({ initial }: { initial: DeviceSettings }) {
  const save = useSettings((state) => state.save);
  const [mode, setMode] = useState<DatabaseMode>(initial.mode);
  const [databaseUrl, setDatabaseUrl] = useState(initial.databaseUrl);
  const [redisUrl, setRedisUrl] = useState(initial.redisUrl);
  const [databasePassword, setDatabasePassword] = useState('');
  const [redisPassword, setRedisPassword] = useState('');
  const [removeDatabasePassword, setRemoveDatabasePassword] = useState(false);
  const [removeRedisPassword, setRemoveRedisPassword] = useState(false);
  const form = useForm({
    schema: channels['settings.save'].input,
    submit: async (input) => {
      const failure = await save(input);
      if (!failure) {
        setDatabasePassword('');
        setRedisPassword('');
        setRemoveDatabasePassword(false);
        setRemoveRedisPassword(false);
      }
      return failure;
    },
  });
  // Empty means "keep the stored one"; an empty string is only sent to remove it.
  const secret = (typed: string, remove: boolean) => (remove ? '' : typed || undefined);

  return (
    <form
      className="form panel"
      noValidate
      onSubmit={form.handleSubmit({
        mode,
        databaseUrl,
        redisUrl,
        databasePassword: secret(databasePassword, removeDatabasePassword),
        redisPassword: secret(redisPassword, removeRedisPassword),
      })}
    >
      <FormError error={form.error} />
      <ChoiceCards
        legend="Where Usher keeps its data"
        name="mode"
        choices={modes}
        value={mode}
        onChange={setMode}
      />

      {mode === 'team' && (
        <div className="field-grid">
          <TextField
            label="PostgreSQL address"
            value={databaseUrl}
            onChange={(value) => {
              setDatabaseUrl(value);
              form.clear('databaseUrl');
            }}
            placeholder="postgres://usher@db.example.org:5432/usher"
            spellCheck={false}
            error={form.fields.databaseUrl}
            hint="Without the password: that goes in the field next to it."
          />
          <SecretField
            label="PostgreSQL password"
            stored={initial.hasDatabasePassword}
            value={databasePassword}
            onChange={setDatabasePassword}
            removing={removeDatabasePassword}
            onRemovingChange={setRemoveDatabasePassword}
            error={form.fields.databasePassword}
          />
          <TextField
            label="Redis address"
            value={redisUrl}
            onChange={(value) => {
              setRedisUrl(value);
              form.clear('redisUrl');
            }}
            placeholder="redis://cache.example.org:6379"
            spellCheck={false}
            error={form.fields.redisUrl}
            hint="Optional. Gives live updates between desktops."
          />
          <SecretField
            label="Redis password"
            stored={initial.hasRedisPassword}
            value={redisPassword}
            onChange={setRedisPassword}
            removing={removeRedisPassword}
            onRemovingChange={setRemoveRedisPassword}
            error={form.fields.redisPassword}
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
