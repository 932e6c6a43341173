import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { EnrolledDevice } from '@shared/contract/devices';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { dateTime } from '../../format/dates';

/** Shown once: the code holds a one-time password, and nobody can show it again. */
export function EnrollmentCodeDialog(props: { enrolled: EnrolledDevice; onClose(): void }) {
  const { device, enrollment } = props.enrolled;
  const [image, setImage] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let current = true;
    void QRCode.toDataURL(enrollment.code, { errorCorrectionLevel: 'L', margin: 2, width: 280 })
      .then((url) => current && setImage(url))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [enrollment.code]);

  return (
    <Dialog
      title={`Enrollment code for ${device.name}`}
      description={`Works once, until ${dateTime(enrollment.expiresAt)}. It is shown only now.`}
      onClose={props.onClose}
    >
      <div className="stack">
        <p>
          On that desktop open Settings → Join a team, and paste this code or scan it with the
          camera.
        </p>
        {image && <img src={image} alt="Enrollment code as a QR code" width={280} height={280} />}
        <textarea
          className="input"
          aria-label="Enrollment code"
          readOnly
          rows={4}
          value={enrollment.code}
        />
        <div className="form-actions">
          <Button
            onClick={() =>
              void navigator.clipboard.writeText(enrollment.code).then(() => setCopied(true))
            }
          >
            {copied ? 'Copied' : 'Copy code'}
          </Button>
          <Button variant="primary" onClick={props.onClose}>
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
