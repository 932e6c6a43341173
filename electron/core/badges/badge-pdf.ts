import { qrSymbol } from '../tickets/qr';
import {
  drawQr,
  finished,
  newDoc,
  sizeToFit,
  ticketFontSource,
  writeSheetsPdf,
  type Box,
  type Doc,
} from '../tickets/pdf';
import type { Badge } from './badge';

const mm = 72 / 25.4;
// Six per A4 sheet: 95 x 92 mm, the size of the common badge holders (and of a folded A6).
const badgeGrid = { columns: 2, rows: 3 };
const onePage: [number, number] = [95 * mm, 92 * mm];

/**
 * One badge, read from across a room: the name as large as fits on one line, the second line
 * (company, role) under it, the ticket type on a band at the bottom, the QR at the lower right
 * for scanning at sessions, the event's title small at the top.
 */
function drawBadge(doc: Doc, badge: Badge, box: Box): void {
  const { x, y, w, h } = box;
  const pad = 6 * mm;
  const band = badge.ticketType ? 12 * mm : 0;
  const qrSide = 22 * mm;
  const textW = w - 2 * pad;
  const centred = (height: number) => ({
    width: textW,
    height,
    align: 'center' as const,
    ellipsis: true,
  });
  doc.font(ticketFontSource(), 'Badge');
  doc
    .fillColor('#555555')
    .fontSize(9)
    .text(badge.eventTitle, x + pad, y + pad, centred(12));
  // As large as fits on one line; a long name wraps onto two lines rather than shrinking below
  // what reads at arm's length, and only the longest go smaller still, never cut.
  let nameSize = sizeToFit(doc, badge.attendeeName, textW, 26, 9);
  let nameLines = 1;
  if (nameSize < 16) {
    // Lines break between words: the longest word must fit a line by itself.
    const longest = badge.attendeeName
      .split(/\s+/)
      .reduce((a, b) => (doc.widthOfString(b) > doc.widthOfString(a) ? b : a), '');
    nameSize = Math.min(
      sizeToFit(doc, badge.attendeeName, textW * 1.8, 18, 9),
      sizeToFit(doc, longest, textW, 18, 9),
    );
    nameLines = 2;
  }
  const nameY = y + h * 0.3 - (nameLines - 1) * nameSize * 0.6;
  doc.fillColor('black').fontSize(nameSize);
  doc.text(badge.attendeeName, x + pad, nameY, centred(nameSize * 1.25 * nameLines));
  const below = nameY + nameSize * 1.25 * nameLines + 4;
  if (badge.subtitle) {
    doc.fillColor('#333333').fontSize(sizeToFit(doc, badge.subtitle, textW, 14, 8));
    doc.text(badge.subtitle, x + pad, below, {
      ...centred(20),
      lineBreak: false,
    });
  }
  drawQr(doc, qrSymbol(badge.code), x + w - pad - qrSide, y + h - band - qrSide - 2 * mm, qrSide);
  if (badge.ticketType) {
    doc
      .save()
      .rect(x, y + h - band, w, band)
      .fill('#222222')
      .restore();
    doc.fillColor('white').fontSize(sizeToFit(doc, badge.ticketType, textW, 13, 8));
    doc.text(badge.ticketType, x + pad, y + h - band + 3.5 * mm, {
      ...centred(band),
      lineBreak: false,
    });
  }
}

/** Six badges per A4 sheet with cut marks, drawn as they come. */
export const writeBadgeSheets = (badges: AsyncIterable<Badge>, out: NodeJS.WritableStream) =>
  writeSheetsPdf(badges, out, badgeGrid, drawBadge);

/** One badge on a page of its own size, for a printer loaded with badge cards. */
export async function writeOneBadge(badge: Badge, out: NodeJS.WritableStream): Promise<number> {
  const doc = await newDoc();
  const done = finished(doc, out);
  doc.addPage({ size: onePage, margin: 0 });
  drawBadge(doc, badge, { x: 0, y: 0, w: onePage[0], h: onePage[1] });
  doc.end();
  await done;
  return 1;
}
