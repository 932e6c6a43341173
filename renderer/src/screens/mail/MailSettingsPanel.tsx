import { useState } from 'react';
import { channels } from '@shared/contract';
import type { MailSettingsDto, TlsMode } from '@shared/contract/mail';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';

interface Values {
  host: string;
  port: string;
  tls: TlsMode;
  username: string;
  password: string;
  fromName: string;
  fromAddress: string;
  perMinute: string;
}

const empty: Values = {
  host: '',
  port: '587',
  tls: 'starttls',
  username: '',
  password: '',
  fromName: '',
  fromAddress: '',
  perMinute: '60',
};

const valuesOf = (saved: MailSettingsDto | null): Values =>
  saved
    ? { ...saved, port: String(saved.port), perMinute: String(saved.perMinute), password: '' }
    : empty;

/** The SMTP account every desktop sends through; the password goes to this desktop's keychain. */
export function MailSettingsPanel() {
  const query = useChannel('mail.getSettings', {});
  // The form starts from the saved account, so it waits for the answer ("none yet" included).
  if (query.loading) return null;
  return (
    <MailSettingsForm
      // Starts again from the account once one is known.
      key={query.data ? 'saved' : 'none'}
      saved={query.data}
      onSaved={(next) => query.replace(() => next)}
    />
  );
}

function MailSettingsForm(props: {
  saved: MailSettingsDto | null;
  onSaved(saved: MailSettingsDto): void;
}) {
  const { saved, onSaved } = props;
  const [testTo, setTestTo] = useState('');
  const form = useForm({
    schema: channels['mail.saveSettings'].input,
    initial: valuesOf(saved),
    toInput: ({ port, perMinute, password, ...rest }) => ({
      ...rest,
      port: Number(port),
      perMinute: Number(perMinute),
      // Left empty: keep the password already in the keychain.
      ...(password ? { password } : {}),
    }),
    submit: async (input, { setValues }) => {
      const result = await call('mail.saveSettings', input);
      if (!result.ok) return result.error;
      onSaved(result.value);
      setValues({ password: '' });
      return null;
    },
  });

  return (
    <section className="panel stack" aria-labelledby="mail-settings-title">
      <h2 id="mail-settings-title">Mail server</h2>
      <form className="stack" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <div className="form-grid">
          <TextField label="SMTP server" {...form.field('host')} />
          <TextField label="Port" inputMode="numeric" {...form.field('port')} />
          <SelectField
            label="Encryption"
            {...form.field('tls')}
            options={[
              { value: 'starttls', label: 'STARTTLS (port 587)' },
              { value: 'tls', label: 'TLS (port 465)' },
              { value: 'none', label: 'None (a relay on this network)' },
            ]}
          />
          <TextField label="User name" autoComplete="off" {...form.field('username')} />
          <TextField
            label="SMTP password"
            type="password"
            autoComplete="new-password"
            {...form.field('password')}
            hint={
              saved?.passwordSaved
                ? 'Saved in the keychain. Leave empty to keep it.'
                : 'Kept in this computer’s keychain.'
            }
          />
          <TextField label="Sender name" {...form.field('fromName')} />
          <TextField label="Sender address" {...form.field('fromAddress')} />
          <TextField label="Messages per minute" inputMode="numeric" {...form.field('perMinute')} />
        </div>
        <div className="actions">
          <Button type="submit" variant="primary" busy={form.busy}>
            Save mail settings
          </Button>
        </div>
      </form>
      {saved && (
        <div className="form-grid">
          <TextField
            label="Send a test message to"
            value={testTo}
            onChange={setTestTo}
            type="email"
          />
          <div className="actions">
            <Button
              onClick={() =>
                void act('mail.testSettings', { to: testTo }, (r) => [
                  'Test message sent',
                  r.response,
                ])
              }
            >
              Send test message
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
