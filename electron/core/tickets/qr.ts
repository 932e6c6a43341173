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
  version: number;
  /** Fixed for the PNG so both drawings are the same symbol; undefined lets qrcode choose again. */
  maskPattern: number | undefined;
  size: number;
  /** Dark modules as horizontal runs: one rectangle per run keeps a 10,000-ticket PDF small. */
  runs: [row: number, col: number, length: number][];
}

export function qrSymbol(code: string): QrSymbol {
  const { modules, version, maskPattern } = QRCode.create(code, { errorCorrectionLevel });
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
  return { code, version, maskPattern, size: modules.size, runs };
}

/** Pixels per module in the email's PNG: crisp on a phone held up to the door's camera. */
const pngScale = 6;

/** The PNG's width and height in pixels, quiet zone included: shown at exactly that size. */
export const pngSide = (symbol: QrSymbol) => (symbol.size + 8) * pngScale;

/** The same symbol as a PNG for the email's inline image (same version and mask: same modules). */
export function qrPng(symbol: QrSymbol): Promise<Buffer> {
  return QRCode.toBuffer(symbol.code, {
    errorCorrectionLevel,
    version: symbol.version,
    maskPattern: symbol.maskPattern as QRCode.QRCodeMaskPattern | undefined,
    type: 'png',
    scale: pngScale,
    margin: 4,
    // Black and white compress best as one grey channel, and rows that repeat in runs of
    // `pngScale` gain nothing from trying all five PNG filters on each (pngjs's default).
    rendererOpts: { colorType: 0, filterType: 2 } as QRCode.QRCodeToFileOptionsPng['rendererOpts'],
  });
}
