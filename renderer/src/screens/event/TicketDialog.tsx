import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { RegistrationDto } from '@shared/domain';
import { ticketQr } from '@shared/ticket-code';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/EmptyState';
import { StatusBadge } from '../../components/StatusBadge';

// Screen pixels per module: whole pixels, so every module has the same size and sharp edges.
const MODULE_PX = 7;

/**
 * The ticket's QR code as an image whose modules are whole device pixels: drawn at the screen's
 * pixel ratio and shown at its CSS size without resampling. Dark on light whatever the theme:
 * scanners need the contrast.
 */
async function drawTicketQr(code: string): Promise<{ url: string; size: number }> {
  const modules =
    QRCode.create(code, { errorCorrectionLevel: ticketQr.errorCorrectionLevel }).modules.size +
    2 * ticketQr.quietZoneModules;
  const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
  const url = await QRCode.toDataURL(code, {
    errorCorrectionLevel: ticketQr.errorCorrectionLevel,
    margin: ticketQr.quietZoneModules,
    scale: MODULE_PX * ratio,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return { url, size: modules * MODULE_PX };
}

/** Groups of four, so a code read aloud or typed from the screen is easy to follow. */
const grouped = (code: string) => code.match(/.{1,4}/g)?.join(' ') ?? code;

/** The ticket's QR code, as the door scanner reads it, with the code spelled out below. */
export function TicketDialog({
  registration,
  onClose,
  onEdit,
  onTransfer,
}: {
  registration: RegistrationDto;
  onClose(): void;
  /** Given to those who manage the event, for a live (registered or waitlisted) ticket. */
  onEdit?(): void;
  onTransfer?(): void;
}) {
  const [qr, setQr] = useState<{ url: string; size: number } | null>(null);
  useEffect(() => {
    let current = true;
    void drawTicketQr(registration.ticketCode).then((drawn) => current && setQr(drawn));
    return () => {
      current = false;
    };
  }, [registration.ticketCode]);

  return (
    <Dialog title="Ticket" description={registration.attendeeName} onClose={onClose}>
      <div className="ticket">
        <div className="ticket-qr">
          {qr ? (
            <img
              src={qr.url}
              width={qr.size}
              height={qr.size}
              // Each module stays a block of whole pixels, never smoothed.
              style={{ imageRendering: 'pixelated' }}
              alt={`QR code of ticket ${registration.ticketCode}`}
            />
          ) : (
            <Loading label="Drawing the QR code…" />
          )}
        </div>
        <p className="ticket-code mono">{grouped(registration.ticketCode)}</p>
        <p className="muted">{registration.attendeeEmail}</p>
        <StatusBadge status={registration.status} />
        {(onEdit || onTransfer) && (
          <div className="button-row">
            {onEdit && <Button onClick={onEdit}>Edit</Button>}
            {onTransfer && <Button onClick={onTransfer}>Transfer</Button>}
          </div>
        )}
      </div>
    </Dialog>
  );
}
