import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Real readers for what Usher produces: zbar decodes QR symbols from images, poppler renders
// PDF pages to images. Both are Debian packages (zbar-tools, poppler-utils).

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'usher-decode-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every QR code zbarimg finds in the image files, in order. */
function zbar(files: string[]): string[] {
  const out = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', ...files], {
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

export const qrCodesInPng = (png: Buffer): string[] =>
  inTempDir((dir) => {
    const file = join(dir, 'qr.png');
    writeFileSync(file, png);
    return zbar([file]);
  });

/** Renders each page at 150 dpi (an office printer) and reads every QR on every page. */
export const qrCodesInPdf = (pdf: Buffer, dpi = 150): string[] =>
  inTempDir((dir) => {
    const file = join(dir, 'tickets.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'page')]);
    const pages = readdirSync(dir)
      .filter((name) => name.startsWith('page'))
      .sort()
      .map((name) => join(dir, name));
    return zbar(pages);
  });

export const pdfPageCount = (pdf: Buffer): number =>
  inTempDir((dir) => {
    const file = join(dir, 'tickets.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  });

export const pdfText = (pdf: Buffer): string =>
  inTempDir((dir) => {
    const file = join(dir, 'tickets.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  });

/**
 * The batch layout cut apart as the guillotine would (2 x 4 ticket cells, or the grid given, inside
 * a 10 mm margin on A4), each cell rendered alone and read: one code per ticket, in print order.
 * zbar misses the odd symbol on a page crowded with eight; alone, each must read.
 */
export const qrCodesPerTicket = (
  pdf: Buffer,
  dpi = 150,
  grid = { columns: 2, rows: 4 },
): (string | null)[] =>
  inTempDir((dir) => {
    const file = join(dir, 'tickets.pdf');
    writeFileSync(file, pdf);
    const px = (mm: number) => Math.floor((mm / 25.4) * dpi);
    const [cellW, cellH, margin] = [
      px((210 - 20) / grid.columns),
      px((297 - 20) / grid.rows),
      px(10),
    ];
    const codes: (string | null)[] = [];
    for (let page = 1; page <= pdfPageCount(pdf); page++) {
      for (let cell = 0; cell < grid.columns * grid.rows; cell++) {
        const out = join(dir, `cell-${page}-${cell}`);
        execFileSync('pdftoppm', [
          ...['-f', String(page), '-l', String(page), '-r', String(dpi)],
          ...[
            '-x',
            String(margin + (cell % grid.columns) * cellW),
            '-y',
            String(margin + Math.floor(cell / grid.columns) * cellH),
          ],
          ...['-W', String(cellW), '-H', String(cellH), '-png', '-singlefile', file, out],
        ]);
        let found: string[] = [];
        try {
          found = zbar([`${out}.png`]);
        } catch {
          // zbarimg exits 4 when the image holds no symbol: an empty cell after the last ticket.
        }
        codes.push(found[0] ?? null);
      }
    }
    return codes;
  });
