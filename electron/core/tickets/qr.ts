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
  /** Dark modules as horizontal runs: one rectangle per run keeps a 10,000-ticket PDF small. */
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

/** The PNG's width and height in pixels, quiet zone included: shown at exactly that size. */
export const pngSide = (symbol: QrSymbol) => (symbol.size + 8) * pngScale;

/**
 * The same symbol as a PNG for the email's inline image: drawn from the symbol's runs straight
 * into one grey byte per pixel, which pngjs writes as it stands (no second QR encoding, no RGBA
 * image converted back to grey). Each module row is `pngScale` identical pixel rows.
 */
export function qrPng(symbol: QrSymbol): Buffer {
  const side = pngSide(symbol);
  const quiet = 4 * pngScale;
  const data = Buffer.alloc(side * side, 0xff);
  let runIndex = 0;
  for (let row = 0; row < symbol.size; row++) {
    const top = (quiet + row * pngScale) * side;
    for (; runIndex < symbol.runs.length && symbol.runs[runIndex]![0] === row; runIndex++) {
      const [, col, length] = symbol.runs[runIndex]!;
      const start = top + quiet + col * pngScale;
      data.fill(0, start, start + length * pngScale);
    }
    for (let copy = 1; copy < pngScale; copy++) data.copy(data, top + copy * side, top, top + side);
  }
  const png = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0 });
  png.data = data;
  // Rows repeat in runs of `pngScale`: the "up" filter turns each repeat into zeros, which
  // deflate folds away; trying all five filters on every row (pngjs's default) gains nothing.
  return PNG.sync.write(png, {
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    filterType: 2,
  });
}
