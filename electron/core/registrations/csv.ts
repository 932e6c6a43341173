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
const sliceChars = 1 << 20;

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
  const parser = Readable.from(slices(text)).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, info: true }),
  );
  // csv-parse reports the line a record ends on; the next one starts on the line after.
  let endOfPrevious = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield { line: endOfPrevious + 1, fields: record };
      endOfPrevious = info.lines;
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // csv-parse names the line where it found the fault (for an unclosed quote, the last one).
    const line = (error as CsvError & { lines?: number }).lines ?? endOfPrevious + 1;
    const what =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed'
        : error.message.replace(/ at line \d+.*$/s, '');
    throw new BrokenCsvError(`Line ${line}: ${what}`);
  } finally {
    parser.destroy();
  }
}
