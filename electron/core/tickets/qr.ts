import { PNG } from 'pngjs';
import QRCode from 'qrcode';

// Level M survives a crease or a smudge on paper and keeps the symbol small enough to scan fast
// from a phone screen; the door's scanners read both.
const errorCorrectionLevel = 'M';

/**
 * A ticket code's QR symbol, made once and drawn twice (the email's PNG, the PDF's vectors):
 * choosing the mask is most of the cost of making one.
 */
export interface QrSymbol {
  code: string;
  size: number;
  /** Dark modules as horizontal runs, row by row: one rectangle per run keeps a PDF small. */
  runs: [row: number, col: number, length: number][];
}

export function qrSymbol(code: string): QrSymbol {
  const { modules } = QRCode.create(code, { errorCorrectionLevel });
  const runs: [number, number, number][] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { code, size: modules.size, runs };
}

/** Pixels per module in the email's PNG: crisp on a phone held up to the door's camera. */
const pngScale = 6;
/** The quiet zone the QR standard asks for: 4 modules of white on every side. */
const quietModules = 4;

/** The PNG's width and height in pixels, quiet zone included: shown at exactly that size. */
export const pngSide = (symbol: QrSymbol) => (symbol.size + 2 * quietModules) * pngScale;

/**
 * The same symbol as a PNG for the email's inline image, drawn from the symbol's runs into one grey
 * byte per pixel. qrcode's own PNG path encodes the code again, paints an RGBA image and has
 * pngjs convert every pixel back to grey; that was a fifth of a confirmation's rendering.
 */
export function qrPng(symbol: QrSymbol): Buffer {
  const side = pngSide(symbol);
  const margin = quietModules * pngScale;
  const pixels = Buffer.alloc(side * side, 0xff);
  let next = 0;
  for (let row = 0; row < symbol.size; row++) {
    const top = (margin + row * pngScale) * side;
    for (; next < symbol.runs.length && symbol.runs[next]![0] === row; next++) {
      const [, col, length] = symbol.runs[next]!;
      const left = top + margin + col * pngScale;
      pixels.fill(0x00, left, left + length * pngScale);
    }
    // A module is pngScale pixels tall: the row's other pixel lines repeat its first.
    for (let line = 1; line < pngScale; line++)
      pixels.copy(pixels, top + line * side, top, top + side);
  }
  const png = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0 });
  png.data = pixels;
  // The "up" filter turns every repeated pixel line into zeros, which deflate folds away; trying
  // all five filters on each line (pngjs's default) gains nothing on a picture like this. With
  // runs of one byte value and pngjs's run-length strategy, deflate's level 1 makes the same
  // few hundred bytes as its level 9, in half the time.
  return PNG.sync.write(png, {
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    filterType: 2,
    deflateLevel: 1,
  });
}
