import PDFDocument from 'pdfkit';
import { qrRuns } from './qr';
import { formatStart, type Ticket } from './ticket';

type Doc = InstanceType<typeof PDFDocument>;

const mm = 72 / 25.4;
const a4: [number, number] = [210 * mm, 297 * mm];
// One ticket alone: A6 landscape, the size of a postcard.
const a6Landscape: [number, number] = [148 * mm, 105 * mm];
const pageMargin = 10 * mm;
const columns = 2;
const rows = 4;

/** One ticket inside the box: text on the left, the QR (vector, print-sharp) on the right. */
function drawTicket(doc: Doc, ticket: Ticket, x: number, y: number, w: number, h: number): void {
  const pad = 5 * mm;
  const qrSide = Math.min(h - 2 * pad, w * 0.45);
  const qrX = x + w - pad - qrSide;
  const qrY = y + (h - qrSide) / 2;
  const { size, runs } = qrRuns(ticket.code);
  // A quiet zone of 4 modules around the symbol, as the QR standard asks.
  const module = qrSide / (size + 8);
  doc.save().fillColor('black');
  for (const [row, col, length] of runs) {
    doc.rect(qrX + (col + 4) * module, qrY + (row + 4) * module, length * module, module);
  }
  doc.fill().restore();

  const textW = qrX - x - 2 * pad;
  const textX = x + pad;
  const clip = { width: textW, ellipsis: true, lineBreak: false } as const;
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .text(ticket.eventTitle, textX, y + pad, clip);
  doc.font('Helvetica').fontSize(9).fillColor('#333333');
  doc.text(formatStart(ticket.startsAt, ticket.timeZone), textX, y + pad + 20, { width: textW });
  if (ticket.location) doc.text(ticket.location, { width: textW, height: 24, ellipsis: true });
  doc.fillColor('black').font('Helvetica-Bold').fontSize(12);
  doc.text(ticket.attendeeName, textX, y + h - pad - 34, clip);
  doc
    .font('Courier')
    .fontSize(10)
    .text(ticket.code, textX, y + h - pad - 14, clip);
}

/** Short marks in the margins where the guillotine goes, out of the tickets' way. */
function drawCutMarks(doc: Doc, cellW: number, cellH: number): void {
  const mark = pageMargin * 0.6;
  const [pageW, pageH] = a4;
  doc.save().lineWidth(0.5).strokeColor('#777777');
  for (let c = 0; c <= columns; c++) {
    const x = pageMargin + c * cellW;
    doc
      .moveTo(x, 0)
      .lineTo(x, mark)
      .moveTo(x, pageH - mark)
      .lineTo(x, pageH);
  }
  for (let r = 0; r <= rows; r++) {
    const y = pageMargin + r * cellH;
    doc
      .moveTo(0, y)
      .lineTo(mark, y)
      .moveTo(pageW - mark, y)
      .lineTo(pageW, y);
  }
  doc.stroke().restore();
}

const newDoc = () =>
  new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    info: { Title: 'Tickets', Producer: 'Usher' },
  });

/**
 * Eight tickets per A4 page with cut marks, written to `out` as they are drawn. Tickets come from
 * an async source so a 10,000-ticket batch is never all in memory at once.
 */
export async function writeBatchPdf(
  tickets: AsyncIterable<Ticket>,
  out: NodeJS.WritableStream,
): Promise<number> {
  const doc = newDoc();
  const done = finished(doc, out);
  const cellW = (a4[0] - 2 * pageMargin) / columns;
  const cellH = (a4[1] - 2 * pageMargin) / rows;
  let count = 0;
  for await (const ticket of tickets) {
    const slot = count % (columns * rows);
    if (slot === 0) {
      doc.addPage({ size: a4, margin: 0 });
      drawCutMarks(doc, cellW, cellH);
    }
    const x = pageMargin + (slot % columns) * cellW;
    const y = pageMargin + Math.floor(slot / columns) * cellH;
    drawTicket(doc, ticket, x, y, cellW, cellH);
    count++;
  }
  if (count === 0) doc.addPage({ size: a4, margin: 0 });
  doc.end();
  await done;
  return count;
}

/** One ticket on its own postcard-sized page: the email attachment and the per-attendee print. */
export async function ticketPdf(ticket: Ticket): Promise<Buffer> {
  const doc = newDoc();
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.addPage({ size: a6Landscape, margin: 0 });
  drawTicket(doc, ticket, 0, 0, a6Landscape[0], a6Landscape[1]);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function finished(doc: Doc, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    doc.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    doc.pipe(out);
  });
}
