import { useEffect, useState } from 'react';
import { channels } from '@shared/contract';
import type { DesktopStatus } from '@shared/contract/devices';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { roleLabels } from '../staff/roles';
import { useQrCamera } from '../door/use-qr-camera';

/** Settings → Join a team: paste the enrollment code an admin made for this desktop. */
export function JoinTeamPanel({ onJoined }: { onJoined(): void }) {
  const [joined, setJoined] = useState<string | null>(null);
  const form = useForm({
    schema: channels['devices.join'].input,
    initial: { code: '' },
    submit: async (input, { setValues }) => {
      camera.stop();
      const result = await call('devices.join', input);
      if (!result.ok) return result.error;
      setJoined(`Joined as "${result.value.name}" (${roleLabels[result.value.kind]}).`);
      setValues({ code: '' });
      onJoined();
      return null;
    },
  });
  // A scanned code fills the field; the camera stays on until Join or "Turn camera off".
  const camera = useQrCamera((scanned) => {
    if (scanned.startsWith('usher-join:')) form.set('code', scanned);
  });
  const { videoRef } = camera;
  return (
    <form className="form panel" aria-label="Join a team" noValidate onSubmit={form.handleSubmit}>
      <h2>Join a team</h2>
      <p className="muted">
        An admin enrolls this desktop (Staff → Desktops, or <code>usher devices add</code>) and
        gives you a one-time code. Its passwords go to the system keychain, never to a file.
      </p>
      <FormError error={form.error} />
      {joined && (
        <p className="notice info" role="status">
          {joined} Restart Usher to connect.
        </p>
      )}
      <TextArea label="Enrollment code" rows={3} {...form.field('code')} />
      <video
        ref={videoRef}
        className="camera-view"
        hidden={camera.state !== 'on'}
        muted
        playsInline
        aria-label="Camera view: hold the enrollment QR code up to it"
      />
      {camera.problem && (
        <p className="muted" role="status">
          This desktop cannot use a camera now: paste the code instead.
        </p>
      )}
      <div className="form-actions">
        <Button
          icon={camera.state === 'off' ? 'qr' : 'close'}
          busy={camera.state === 'starting'}
          onClick={camera.state === 'off' ? () => void camera.start() : camera.stop}
        >
          {camera.state === 'off' ? 'Scan the QR code' : 'Turn camera off'}
        </Button>
        <Button type="submit" variant="primary" busy={form.busy}>
          Join
        </Button>
      </div>
    </form>
  );
}

/** Says plainly when this desktop uses the owner's password, or was removed from the team. */
export function DesktopStatusNotice() {
  const [status, setStatus] = useState<DesktopStatus | null>(null);
  useEffect(() => {
    void call('devices.status', {}).then((result) => result.ok && setStatus(result.value));
  }, []);
  if (!status?.warning) return null;
  return (
    <div className="notice warning" role="alert">
      <Icon name="alert" />
      <p>{status.warning}</p>
    </div>
  );
}
