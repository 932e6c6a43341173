import type PDFDocument from 'pdfkit';
import { pdfTicketFont } from './font';
import { qrSymbol, type QrSymbol } from './qr';
import { formatStart, type Ticket } from './ticket';

export type Doc = InstanceType<typeof PDFDocument>;

const mm = 72 / 25.4;
const a4: [number, number] = [210 * mm, 297 * mm];
// One ticket alone: A6 landscape, the size of a postcard.
const a6Landscape: [number, number] = [148 * mm, 105 * mm];
const pageMargin = 10 * mm;
/** Eight tickets per A4 sheet. */
const ticketGrid = { columns: 2, rows: 4 };

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A QR symbol as vectors (sharp at any print size) in a square of `side` at (x, y), with the
 * quiet zone of 4 modules the QR standard asks for inside that square.
 */
export function drawQr(doc: Doc, symbol: QrSymbol, x: number, y: number, side: number): void {
  const { size, runs } = symbol;
  const module = side / (size + 8);
  // Each run overlaps the row below by a hair: anti-aliasing viewers otherwise show light seams
  // between rows, which cost scanners a read.
  const seam = module * 0.04;
  doc.save().fillColor('black');
  for (const [row, col, length] of runs) {
    doc.rect(x + (col + 4) * module, y + (row + 4) * module, length * module, module + seam);
  }
  doc.fill().restore();
}

/**
 * One ticket inside the box: what and when at the top left, the QR (vectors, sharp at any print
 * size) at the right, the name above the code along the bottom, which spans the full width so a
 * person can type it when a scanner fails.
 */
function drawTicket(doc: Doc, ticket: Ticket, symbol: QrSymbol, box: Box): void {
  const { x, y, w, h } = box;
  const pad = 5 * mm;
  const codeLine = 14;
  const qrSide = Math.min(h - 2 * pad - codeLine - 4, w * 0.42);
  const qrX = x + w - pad - qrSide;
  drawQr(doc, symbol, qrX, y + pad, qrSide);

  const textX = x + pad;
  const textW = qrX - textX - pad / 2;
  const fit = (height: number) => ({ width: textW, height, ellipsis: true });
  // One font, for every script it covers; sizes alone set the hierarchy.
  doc.fillColor('black').font(ticketFontSource(), 'Ticket').fontSize(14);
  doc.text(ticket.eventTitle, textX, y + pad, fit(36));
  doc.fontSize(9).fillColor('#333333');
  doc.text(formatStart(ticket.startsAt, ticket.timeZone), textX, y + pad + 40, fit(22));
  if (ticket.location) doc.text(ticket.location, textX, y + pad + 64, fit(22));
  // The name is what the door reads out: smaller rather than cut, down to a size still legible.
  doc.fillColor('black').fontSize(sizeToFit(doc, ticket.attendeeName, textW, 12, 7));
  doc.text(ticket.attendeeName, textX, y + h - pad - codeLine - 16, fit(14));
  // The code's alphabet has no look-alike characters: no monospace font needed to tell them apart.
  doc.fontSize(10);
  doc.text(ticket.code, textX, y + h - pad - codeLine + 3, {
    width: w - 2 * pad,
    lineBreak: false,
  });
}

/** The largest size up to `max` at which `text` fits `width` on one line, but never below `min`. */
export function sizeToFit(doc: Doc, text: string, width: number, max: number, min: number): number {
  const natural = doc.fontSize(max).widthOfString(text);
  return natural <= width ? max : Math.max(min, Math.floor((max * width * 10) / natural) / 10);
}

/** Short marks in the margins where the guillotine goes, out of the tickets' way. */
function drawCutMarks(doc: Doc, grid: Grid, cellW: number, cellH: number): void {
  const { columns, rows } = grid;
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

// pdfkit takes an already parsed fontkit font (its types list only files and buffers), so every
// document shares the one parse and its glyphs' outlines.
export const ticketFontSource = () => pdfTicketFont() as unknown as PDFKit.Mixins.PDFFontSource;

// pdfkit (with its font engine) is the heaviest module the core loads: only when a PDF is made, so
// every other call, and `usher call`'s start-up, goes without it. The import is asked for once:
// each dynamic import() resolves the module again, a cost every emailed ticket would pay.
let pdfkit: Promise<typeof PDFDocument> | null = null;
export const newDoc = async () =>
  new (await (pdfkit ??= import('pdfkit').then((module) => module.default)))({
    autoFirstPage: false,
    margin: 0,
    // No default font: pdfkit would parse Helvetica's metrics for each document, unused.
    font: null as unknown as undefined,
    info: { Title: 'Tickets', Producer: 'Usher' },
  });

/** How many items an A4 sheet holds across and down. */
export interface Grid {
  columns: number;
  rows: number;
}

/**
 * Items in a grid on A4 sheets with cut marks, written to `out` as they are drawn. Items come from
 * an async source so a 10,000-item batch is never all in memory at once. Tickets and badges.
 */
export async function writeSheetsPdf<T>(
  items: AsyncIterable<T>,
  out: NodeJS.WritableStream,
  grid: Grid,
  draw: (doc: Doc, item: T, box: Box) => void,
): Promise<number> {
  const doc = await newDoc();
  const done = finished(doc, out);
  const cellW = (a4[0] - 2 * pageMargin) / grid.columns;
  const cellH = (a4[1] - 2 * pageMargin) / grid.rows;
  let count = 0;
  for await (const item of items) {
    const slot = count % (grid.columns * grid.rows);
    if (slot === 0) {
      doc.addPage({ size: a4, margin: 0 });
      drawCutMarks(doc, grid, cellW, cellH);
    }
    const x = pageMargin + (slot % grid.columns) * cellW;
    const y = pageMargin + Math.floor(slot / grid.columns) * cellH;
    draw(doc, item, { x, y, w: cellW, h: cellH });
    count++;
  }
  if (count === 0) doc.addPage({ size: a4, margin: 0 });
  doc.end();
  await done;
  return count;
}

/** Eight tickets per A4 page with cut marks. */
export const writeBatchPdf = (tickets: AsyncIterable<Ticket>, out: NodeJS.WritableStream) =>
  writeSheetsPdf(tickets, out, ticketGrid, (doc, ticket, box) =>
    drawTicket(doc, ticket, qrSymbol(ticket.code), box),
  );

/** One ticket on its own postcard-sized page: the email attachment and the per-attendee print. */
export async function ticketPdf(ticket: Ticket, symbol = qrSymbol(ticket.code)): Promise<Buffer> {
  const doc = await newDoc();
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.addPage({ size: a6Landscape, margin: 0 });
  drawTicket(doc, ticket, symbol, { x: 0, y: 0, w: a6Landscape[0], h: a6Landscape[1] });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

export function finished(doc: Doc, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    doc.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    doc.pipe(out);
  });
}
