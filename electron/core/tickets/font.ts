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

let forPdfkit: fontkit.Font | null = null;

/** fontkit's glyph object, with the method that reads its outline from the font file. */
type GlyphWithOutline = fontkit.Glyph & { _decode?: () => unknown };
const remembering = new WeakSet<fontkit.Glyph>();

/**
 * Every PDF embeds the subset of the font its text uses, and fontkit's subsetter reads each glyph's
 * outline from the font file again for each document (only to see whether it is built from other
 * glyphs): half of a ticket's subsetting. Glyph objects live as long as the font, so each keeps its
 * outline after the first read. `_decode` is fontkit's own (unexported) reader: should a later
 * fontkit rename it, this remembers nothing and every PDF comes out as it does now.
 */
function withRememberedOutline(glyph: GlyphWithOutline): fontkit.Glyph {
  const read = glyph._decode;
  if (typeof read !== 'function' || remembering.has(glyph)) return glyph;
  remembering.add(glyph);
  let outline: { value: unknown } | null = null;
  glyph._decode = () => (outline ??= { value: read.call(glyph) }).value;
  return glyph;
}

/**
 * The ticket font as pdfkit is handed it: the shared parse, whose glyphs keep their outlines across
 * documents (see `withRememberedOutline`). Shaped words are not remembered across documents:
 * tried, it saved little and the churn of remembered names grew the heap by tens of MB.
 */
export function pdfTicketFont(): fontkit.Font {
  if (forPdfkit) return forPdfkit;
  const font = ticketFont();
  const remembered: fontkit.Font = Object.create(font);
  remembered.getGlyph = (id, codePoints) => withRememberedOutline(font.getGlyph(id, codePoints));
  forPdfkit = remembered;
  return remembered;
}
