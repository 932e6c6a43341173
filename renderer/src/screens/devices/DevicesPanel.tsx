import { useEffect, useState } from 'react';
import { channels } from '@shared/contract';
import {
  deviceKinds,
  type DeviceDto,
  type DeviceKind,
  type EnrolledDevice,
} from '@shared/contract/devices';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { dateTime } from '../../format/dates';
import { roleLabels } from '../staff/roles';
import { EnrollmentCodeDialog } from './EnrollmentCodeDialog';

function deviceState(device: DeviceDto): string {
  if (device.revokedAt) return `Revoked ${dateTime(device.revokedAt)}`;
  if (!device.joinedAt) return `Waiting for its code (until ${dateTime(device.codeExpiresAt)})`;
  return device.lastSeenAt ? `Last seen ${dateTime(device.lastSeenAt)}` : 'Joined';
}

function NewDeviceForm({
  onAdded,
  onCancel,
}: {
  onAdded(enrolled: EnrolledDevice): void;
  onCancel(): void;
}) {
  const form = useForm({
    schema: channels['devices.add'].input,
    initial: { name: '', kind: 'door' as DeviceKind },
    submit: async (input) => {
      const result = await call('devices.add', input);
      if (!result.ok) return result.error;
      onAdded(result.value);
      return null;
    },
  });
  return (
    <form
      className="form panel"
      aria-label="Enroll a desktop"
      noValidate
      onSubmit={form.handleSubmit}
    >
      <h2>Enroll a desktop</h2>
      <FormError error={form.error} />
      <div className="field-grid">
        <TextField
          label="Desktop name"
          autoFocus
          {...form.field('name')}
          hint="Where it stands, e.g. Gate A."
        />
        <SelectField
          label="Kind"
          {...form.field('kind')}
          options={deviceKinds.map((value) => ({ value, label: roleLabels[value] }))}
          hint="It can sign in staff of this role (and, for admins and organizers, the roles below)."
        />
      </div>
      <div className="form-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={form.busy}>
          Enroll
        </Button>
      </div>
    </form>
  );
}

/**
 * Team mode: the desktops enrolled with their own database logins. Revoking one cuts it off the
 * team's servers at once.
 */
export function DevicesPanel() {
  const [devices, setDevices] = useState<DeviceDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [enrolled, setEnrolled] = useState<EnrolledDevice | null>(null);
  const [revoking, setRevoking] = useState<DeviceDto | null>(null);
  // Bumped after every change, to list the desktops again.
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((n) => n + 1);
  useEffect(() => {
    let current = true;
    void call('devices.list', {}).then((result) => {
      if (!current) return;
      if (result.ok) setDevices(result.value);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [version]);

  return (
    <section className="stack" aria-label="Desktops">
      <div className="section-header">
        <h2>Desktops</h2>
        {!adding && (
          <Button icon="plus" onClick={() => setAdding(true)}>
            Enroll a desktop
          </Button>
        )}
      </div>
      {error && (
        <p className="notice warning" role="alert">
          {error}
        </p>
      )}
      {adding && (
        <NewDeviceForm
          onCancel={() => setAdding(false)}
          onAdded={(value) => {
            setAdding(false);
            setEnrolled(value);
            reload();
          }}
        />
      )}
      <div className="panel flush">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Desktop</th>
              <th scope="col">Kind</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(devices ?? []).map((device) => (
              <tr key={device.id} className={device.revokedAt ? 'disabled' : undefined}>
                <td>
                  <span className="cell-title">{device.name}</span>
                </td>
                <td>{roleLabels[device.kind]}</td>
                <td className="muted">{deviceState(device)}</td>
                <td>
                  {!device.revokedAt && (
                    <Button
                      variant="ghost"
                      aria-label={`Revoke ${device.name}`}
                      onClick={() => setRevoking(device)}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {devices?.length === 0 && <p className="muted">No desktops enrolled yet.</p>}
      </div>
      {enrolled && <EnrollmentCodeDialog enrolled={enrolled} onClose={() => setEnrolled(null)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirm="Revoke"
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await act('devices.revoke', { id: revoking.id }, (device) => [
              `${device.name} is cut off`,
            ]);
            reload();
          }}
        >
          Its connections to the team's servers end now and its login stops working. To use it
          again, enroll it anew.
        </ConfirmDialog>
      )}
    </section>
  );
}
