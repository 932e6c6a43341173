import excelUtils from 'exceljs/lib/utils/utils';
import type { Cell, CellKind } from './attendee-query';

const { xmlEncode } = excelUtils;

/**
 * Renders a batch of data rows as the `<row>` elements of sheet XML, byte for byte as exceljs's
 * streaming writer renders the same values (tests/core/exports/sheet-rows.test.ts holds the two
 * equal), for `xlsxSink` to hand to that writer's sheet stream.
 *
 * Why not exceljs's own row path: per row it builds a Row, a Cell per column, their models, and
 * then an XML node stack and an array of small strings per cell; that cost ~15 µs a row, 15-20 s
 * of CPU for a million rows, where its XML renderer alone (fed plain models) was still
 * ~11 µs. Here a row is one template string. exceljs still writes everything else (workbook,
 * styles, columns, header, zip) and still decides how text is escaped.
 *
 * `styleIds`: each column's style id, as exceljs registered it for the column.
 */
export function sheetRowRenderer(kinds: readonly CellKind[], styleIds: readonly number[]) {
  const count = kinds.length;
  const rowEnd = `" spans="1:${count}" x14ac:dyDescent="0.25">`;
  // Each cell is its column's opening, the row number, then one of these and the value.
  const opening = kinds.map((_, i) => `<c r="${columnLetters(i + 1)}`);
  const styled = styleIds.map((id) => (id ? `" s="${id}"` : '"'));
  const emptyCell = styled.map((attributes, i) => (styleIds[i] ? `${attributes}/>` : null));
  const numberCell = styled.map((attributes) => `${attributes}><v>`);
  const textCell = styled.map((attributes) => `${attributes} t="str"><v>`);

  /**
   * Rows numbered from `firstRowNumber`, as UTF-8; a row with no value at all is skipped, as
   * exceljs does. Each row is encoded as it is made: one string for the batch would have to be
   * flattened from thousands of pieces before encoding, about a third of the time here.
   */
  return (firstRowNumber: number, rows: readonly (readonly Cell[])[]): Buffer => {
    let xml = Buffer.allocUnsafe(rows.length * 512);
    let length = 0;
    let rowNumber = firstRowNumber;
    for (const values of rows) {
      const r = String(rowNumber++);
      let cells = '';
      let hasValue = false;
      for (let i = 0; i < count; i++) {
        const value = values[i] ?? null;
        if (value === null) {
          // An empty cell is written only to carry its column's style, as exceljs writes it.
          const empty = emptyCell[i];
          if (empty) cells += opening[i]! + r + empty;
          continue;
        }
        hasValue = true;
        if (typeof value === 'number') {
          cells += opening[i]! + r + numberCell[i]! + value + '</v></c>';
        } else if (kinds[i] === 'localTime') {
          cells += opening[i]! + r + numberCell[i]! + excelSerial(value) + '</v></c>';
        } else {
          cells += opening[i]! + r + textCell[i]! + xmlEncode(value) + '</v></c>';
        }
      }
      if (!hasValue) continue;
      const row = '<row r="' + r + rowEnd + cells + '</row>';
      // UTF-8 takes at most 3 bytes per UTF-16 unit; `write` would cut a row that did not fit.
      if (length + row.length * 3 > xml.length) {
        const larger = Buffer.allocUnsafe(2 * xml.length + row.length * 3);
        xml.copy(larger, 0, 0, length);
        xml = larger;
      }
      length += xml.write(row, length);
    }
    return xml.subarray(0, length);
  };
}

/**
 * A 'YYYY-MM-DD HH:MM:SS' wall-clock time as a spreadsheet date number. The result is exceljs's
 * own arithmetic (days since 1899-12-30, from the milliseconds of a Date whose UTC fields are the
 * wall-clock time), so the digits written are the ones it writes; the milliseconds are counted
 * from the digits here instead of by parsing a date per cell, which was 5% of an export's CPU.
 */
export function excelSerial(wallClock: string): number {
  const msPerDay = 24 * 3600 * 1000;
  if (wallClock.length !== 19) {
    return 25569 + Date.parse(`${wallClock.replace(' ', 'T')}Z`) / msPerDay; // an unusual form
  }
  const days = daysSinceEpoch(
    digits(wallClock, 0, 4), // year
    digits(wallClock, 5, 2), // month
    digits(wallClock, 8, 2), // day
  );
  const seconds =
    digits(wallClock, 11, 2) * 3600 + digits(wallClock, 14, 2) * 60 + digits(wallClock, 17, 2);
  return 25569 + ((days * 86400 + seconds) * 1000) / msPerDay;
}

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** Days from 1970-01-01 in the proleptic Gregorian calendar, as Date counts them. */
function daysSinceEpoch(year: number, month: number, day: number): number {
  // Years counted from March, so the leap day ends a year; 400-year eras repeat exactly.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** 1 → A, 26 → Z, 27 → AA: a column's name in cell addresses. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
