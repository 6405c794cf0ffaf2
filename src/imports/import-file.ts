import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../common/lazy-require.js';

const excel = lazyRequire<typeof ExcelJSModule>('exceljs');
import { InvalidInputError } from '../common/errors.js';
import type { CellValue } from './import-columns.js';

export const MAX_IMPORT_ROWS = 50_000;

/**
 * How long a parse may hold the event loop before it lets other requests run. The target for the
 * whole request path is 50 ms (docs/security.md); parsing gives way well before that.
 */
export const PARSE_SLICE_MS = 10;

export interface RawTable {
  headers: CellValue[];
  /** Data rows with their row number as a spreadsheet shows it (the header is row 1). */
  rows: { row: number; cells: CellValue[] }[];
}

const isBlank = (cells: CellValue[]) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/** Returns a function to call once per unit of work: it yields to the event loop once `sliceMs` have passed. */
export function yielder(sliceMs = PARSE_SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return new Promise<void>((resolve) => setImmediate(() => {
      since = performance.now();
      resolve();
    }));
  };
}

/**
 * Collects rows as they stream in: the first non-blank row is the header, blank rows are skipped,
 * row numbers are kept, and the read stops at the first data row beyond the cap — a file of a
 * million rows costs as much as one of 50,001.
 */
class TableBuilder {
  headers: CellValue[] | null = null;
  readonly rows: { row: number; cells: CellValue[] }[] = [];

  add(row: number, cells: CellValue[]): void {
    if (isBlank(cells)) return;
    if (!this.headers) {
      this.headers = cells;
      return;
    }
    if (this.rows.length >= MAX_IMPORT_ROWS) tooMany();
    this.rows.push({ row, cells });
  }

  table(): RawTable {
    if (!this.headers) throw new InvalidInputError('The file has no header row', [{ field: 'file', message: 'is empty' }], 'import.empty');
    return { headers: this.headers, rows: this.rows };
  }
}

function tooMany(): never {
  throw new InvalidInputError(`At most ${MAX_IMPORT_ROWS} rows per import; split the file`, [{ field: 'file', message: `has more than ${MAX_IMPORT_ROWS} rows` }], 'import.tooManyRows');
}

/** UTF-8 (with or without BOM) or, failing that, GB18030 — what Excel in China saves as "CSV". */
export function decodeText(buf: Buffer): string {
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

function detectDelimiter(text: string): string {
  const nl = text.search(/\r?\n/);
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

type Source = Buffer | string;
const open = (source: Source): Readable => (typeof source === 'string' ? createReadStream(source, { highWaterMark: 64 * 1024 }) : Readable.from([source]));

class NotUtf8 extends Error {}

async function* decoded(source: Source, encoding: 'utf-8' | 'gb18030'): AsyncGenerator<string> {
  // The BOM is dropped by the decoder (ignoreBOM false).
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  const input = open(source);
  try {
    for await (const chunk of input) {
      try {
        yield decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw new NotUtf8();
      }
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } finally {
    input.destroy();
  }
}

async function readCsvAs(source: Source, encoding: 'utf-8' | 'gb18030'): Promise<RawTable> {
  const chunks = decoded(source, encoding);
  const first = await chunks.next();
  const head = first.done ? '' : first.value;
  async function* all() {
    if (head) yield head;
    yield* chunks;
  }
  const parser = parse({ delimiter: detectDelimiter(head), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, max_record_size: 1_000_000 });
  const input = Readable.from(all());
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const builder = new TableBuilder();
  const pause = yielder();
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      builder.add(++row, cells);
      await pause();
    }
  } catch (err) {
    if (err instanceof InvalidInputError || err instanceof NotUtf8) throw err;
    const line = (err as { lines?: number }).lines;
    throw new InvalidInputError(`The CSV file cannot be read${line ? ` (near line ${line})` : ''}: ${(err as Error).message.slice(0, 200)}`, [{ field: 'file', message: 'is not a readable CSV file' }], 'import.unreadable');
  } finally {
    input.destroy();
    parser.destroy();
  }
  return builder.table();
}

/** A CSV file (path) or buffer, streamed: UTF-8 first; a byte sequence that is not UTF-8 restarts the read as GB18030. */
export async function readCsv(source: Source): Promise<RawTable> {
  try {
    return await readCsvAs(source, 'utf-8');
  } catch (err) {
    if (!(err instanceof NotUtf8)) throw err;
    return readCsvAs(source, 'gb18030');
  }
}

/** An exceljs cell value → a plain value (rich text joined, formulas by their result, links by text). */
export function plainCell(value: ExcelJSModule.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plainCell((value as { result?: ExcelJSModule.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value);
}

/**
 * An XLSX file, streamed with exceljs's WorkbookReader (never the whole workbook in memory): the
 * first visible sheet with a header row is the table.
 *
 * exceljs parks a worksheet that comes before the shared strings in the ZIP (Excel's own order, or
 * a workbook without shared strings) in a temporary file and removes it only when its consumer
 * moves on to the next sheet. So after the table is found, or the row cap is hit, the remaining
 * sheets are skipped rather than abandoned, which removes every temporary file.
 */
export async function readXlsx(source: Source): Promise<RawTable> {
  // styles are read so that date-formatted cells arrive as dates.
  const reader = new (excel()).stream.xlsx.WorkbookReader(open(source), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const pause = yielder();
  let table: RawTable | null = null;
  let failure: unknown = null;
  try {
    for await (const sheet of reader) {
      // A parked sheet is read from its temporary file (an fs stream); an inline one from the ZIP.
      const input = (sheet as unknown as { iterator?: unknown }).iterator;
      const parked = input instanceof Readable;
      try {
        if (table || failure || (sheet as unknown as { state?: string }).state === 'hidden') continue;
        const builder = new TableBuilder();
        try {
          for await (const row of sheet) {
            // row.values is 1-based.
            builder.add(row.number, (row.values as ExcelJSModule.CellValue[]).slice(1).map(plainCell));
            await pause();
          }
        } catch (err) {
          failure = err;
          // Inline in the ZIP: nothing is parked, stop reading the file here.
          if (!parked) break;
          continue;
        }
        if (builder.headers) {
          table = builder.table();
          if (!parked) break;
        }
      } finally {
        if (parked) (input as Readable).destroy();
      }
    }
  } catch (err) {
    failure ??= err;
  } finally {
    (reader as unknown as { stream?: Readable }).stream?.destroy();
  }
  if (failure) {
    if (failure instanceof InvalidInputError) throw failure;
    throw new InvalidInputError(`The XLSX file cannot be read: ${(failure as Error).message.slice(0, 200)}`, [{ field: 'file', message: 'is not a readable XLSX workbook' }], 'import.unreadable');
  }
  return table ?? new TableBuilder().table();
}

export async function readTable(path: string, format: 'csv' | 'xlsx'): Promise<RawTable> {
  return format === 'csv' ? readCsv(path) : readXlsx(path);
}
