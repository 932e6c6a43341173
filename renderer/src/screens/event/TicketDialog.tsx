import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { RegistrationDto } from '@shared/domain';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/EmptyState';
import { StatusBadge } from '../../components/StatusBadge';

/** Groups of four, so a code read aloud or typed from the screen is easy to follow. */
const grouped = (code: string) => code.match(/.{1,4}/g)?.join(' ') ?? code;

/** The ticket's QR code, as the door scanner reads it, with the code spelled out below. */
export function TicketDialog({
  registration,
  onClose,
}: {
  registration: RegistrationDto;
  onClose(): void;
}) {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    // Dark on light whatever the theme: scanners need the contrast.
    void QRCode.toDataURL(registration.ticketCode, {
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 240,
      color: { dark: '#000000', light: '#ffffff' },
    }).then((url) => current && setImage(url));
    return () => {
      current = false;
    };
  }, [registration.ticketCode]);

  return (
    <Dialog title="Ticket" description={registration.attendeeName} onClose={onClose}>
      <div className="ticket">
        <div className="ticket-qr">
          {image ? (
            <img
              src={image}
              width={240}
              height={240}
              alt={`QR code of ticket ${registration.ticketCode}`}
            />
          ) : (
            <Loading label="Drawing the QR code…" />
          )}
        </div>
        <p className="ticket-code mono">{grouped(registration.ticketCode)}</p>
        <p className="muted">{registration.attendeeEmail}</p>
        <StatusBadge status={registration.status} />
      </div>
    </Dialog>
  );
}
