import QRCode from 'qrcode';

// Level M survives a crease or a smudge on paper and keeps the symbol small enough to scan fast
// from a phone screen; the door's scanners read both.
const errorCorrectionLevel = 'M';

/** The QR as a PNG for an email's inline image: 8 px per module reads well on any screen. */
export function qrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { errorCorrectionLevel, type: 'png', scale: 8, margin: 4 });
}

/**
 * The QR's dark modules as horizontal runs, for drawing as vectors: sharp at any print size,
 * and one rectangle per run instead of per module keeps a 10,000-ticket PDF small.
 */
export function qrRuns(code: string): {
  size: number;
  runs: [row: number, col: number, length: number][];
} {
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
  return { size: modules.size, runs };
}
