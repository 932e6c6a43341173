import { useEffect, useState } from 'react';
import type { MailSettingsDto, TlsMode } from '@shared/contract/mail';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { toastError } from '../../stores/toasts';

interface Form {
  host: string;
  port: string;
  tls: TlsMode;
  username: string;
  password: string;
  fromName: string;
  fromAddress: string;
  perMinute: string;
}

const empty: Form = {
  host: '',
  port: '587',
  tls: 'starttls',
  username: '',
  password: '',
  fromName: '',
  fromAddress: '',
  perMinute: '60',
};

const toForm = (s: MailSettingsDto): Form => ({
  ...s,
  port: String(s.port),
  perMinute: String(s.perMinute),
  password: '',
});

/** The SMTP account every desktop sends through; the password goes to this desktop's keychain. */
export function MailSettingsPanel() {
  const [form, setForm] = useState<Form>(empty);
  const [saved, setSaved] = useState<MailSettingsDto | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [testTo, setTestTo] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void call('mail.getSettings', {}).then((r) => {
      if (r.ok && r.value) {
        setSaved(r.value);
        setForm(toForm(r.value));
      }
    });
  }, []);
  const set = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  async function save() {
    setBusy(true);
    const result = await call('mail.saveSettings', {
      host: form.host,
      port: Number(form.port),
      tls: form.tls,
      username: form.username,
      // Left empty: keep the password already in the keychain.
      ...(form.password ? { password: form.password } : {}),
      fromName: form.fromName,
      fromAddress: form.fromAddress,
      perMinute: Number(form.perMinute),
    });
    setBusy(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      toastError(result.error);
      return;
    }
    setErrors({});
    setSaved(result.value);
    setForm(toForm(result.value));
  }

  return (
    <section className="panel stack" aria-labelledby="mail-settings-title">
      <h2 id="mail-settings-title">Mail server</h2>
      <div className="form-grid">
        <TextField
          label="SMTP server"
          value={form.host}
          onChange={set('host')}
          error={errors.host}
        />
        <TextField
          label="Port"
          value={form.port}
          onChange={set('port')}
          error={errors.port}
          inputMode="numeric"
        />
        <SelectField
          label="Encryption"
          value={form.tls}
          onChange={(v) => set('tls')(v)}
          options={[
            { value: 'starttls', label: 'STARTTLS (port 587)' },
            { value: 'tls', label: 'TLS (port 465)' },
            { value: 'none', label: 'None (a relay on this network)' },
          ]}
        />
        <TextField
          label="User name"
          value={form.username}
          onChange={set('username')}
          autoComplete="off"
        />
        <TextField
          label="SMTP password"
          type="password"
          value={form.password}
          onChange={set('password')}
          autoComplete="new-password"
          hint={
            saved?.passwordSaved
              ? 'Saved in the keychain. Leave empty to keep it.'
              : 'Kept in this computer’s keychain.'
          }
        />
        <TextField
          label="Sender name"
          value={form.fromName}
          onChange={set('fromName')}
          error={errors.fromName}
        />
        <TextField
          label="Sender address"
          value={form.fromAddress}
          onChange={set('fromAddress')}
          error={errors.fromAddress}
        />
        <TextField
          label="Messages per minute"
          value={form.perMinute}
          onChange={set('perMinute')}
          error={errors.perMinute}
          inputMode="numeric"
        />
      </div>
      <div className="actions">
        <Button variant="primary" busy={busy} onClick={() => void save()}>
          Save mail settings
        </Button>
      </div>
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
