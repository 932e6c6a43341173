// exceljs publishes types for its public API only; the XLSX writer also uses the text escaping its
// streaming writer applies to every cell, so the rows it renders escape exactly as exceljs's do.
declare module 'exceljs/lib/utils/utils' {
  const utils: { xmlEncode(text: string): string };
  export = utils;
}
