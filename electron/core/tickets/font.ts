import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The one typeface of every ticket: DejaVu Sans, whose single file covers Latin (with every
 * European diacritic), Greek, Cyrillic, Armenian and Georgian, so "Zoë Ðorđević", "Дмитрий" and
 * "Αλέξανδρος" print as written. PDF's built-in Helvetica knows only Windows-1252.
 *
 * Not covered: CJK (Noto's CJK fonts alone are 16 MB or more), Indic scripts and Thai; Arabic and
 * Hebrew have glyphs but pdfkit lays text out left to right only, so they would print in the wrong
 * order. Such characters show as empty boxes; the code under them still identifies the ticket.
 */
const fontFile = () =>
  createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

let parsed: fontkit.Font | null = null;

/**
 * Parsed once per process and shared by every PDF: parsing the file and its layout tables costs
 * tens of milliseconds, and pdfkit would do it again for each emailed ticket. Each document still
 * embeds only the glyphs it uses.
 */
export function ticketFont(): fontkit.Font {
  if (!parsed) {
    const font = fontkit.create(readFileSync(fontFile()));
    if (!('layout' in font)) throw new Error('DejaVuSans.ttf is a font collection');
    parsed = font;
  }
  return parsed;
}
