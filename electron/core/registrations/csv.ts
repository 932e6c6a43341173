import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';

/** One parsed CSV record and the line it starts on (1-based), for error reports. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A file that cannot be read as CSV at all (an unclosed quote): nothing of it is imported. */
export class BrokenCsvError extends Error {}

// Strings are handed to the parser in slices of this size, so it never copies the whole file.
// Small enough that the records parsed from one slice, which wait in the stream until the import
// takes them, die young: 1 MB slices (~20,000 records at a time) left ~0.2 KB a record in the old
// generation until a full collection.
const sliceChars = 1 << 16;

function* slices(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += sliceChars) yield text.slice(at, at + sliceChars);
}

/**
 * RFC 4180 records, one at a time, by csv-parse: CRLF or LF line ends, a leading BOM ignored, a
 * quote inside an unquoted field kept as text, rows of any width (the caller judges them).
 * Blank lines come out as a record of one empty field, so line numbers stay exact.
 * Throws BrokenCsvError naming the line when the file's structure is broken.
 */
export async function* readCsv(text: string): AsyncGenerator<CsvRecord> {
  // `raw` (each record's own text) rather than `info`: csv-parse builds its info object anew for
  // every record, by spreading a dozen fields twice, and that garbage outlives the young
  // generation, so the heap grew with the file (~0.3 KB a record) until a full collection.
  const parser = Readable.from(slices(text)).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, raw: true }),
  );
  let line = 1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{
      record: string[];
      raw: string;
    }>) {
      yield { line, fields: record };
      line += lineBreaks(raw);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // csv-parse names the line where it found the fault (for an unclosed quote, the last one).
    const at = (error as CsvError & { lines?: number }).lines ?? line;
    const what =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed'
        : error.message.replace(/ at line \d+.*$/s, '');
    throw new BrokenCsvError(`Line ${at}: ${what}`);
  } finally {
    parser.destroy();
  }
}

/** Line ends in a record's text (its own and any inside quoted fields), as an editor counts them. */
function lineBreaks(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const char = raw.charCodeAt(i);
    if (char === 10 || (char === 13 && raw.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}
