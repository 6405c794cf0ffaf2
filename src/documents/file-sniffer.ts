import { open } from 'node:fs/promises';
import { lookupTable } from '../common/own-key.js';

/**
 * Decides what an uploaded file is from its bytes — never from its name or the client's content
 * type. Only the whitelisted kinds are recognised; anything else (an EXE, a ZIP that is not an
 * Office document, an HTML page, a binary blob) is `null`, which callers answer with 415.
 */
export type SniffedKind = 'pdf' | 'png' | 'jpeg' | 'xlsx' | 'docx' | 'csv';

export interface SniffResult {
  kind: SniffedKind;
  mediaType: string;
  extension: string;
}

export const MEDIA_TYPES: Record<SniffedKind, { mediaType: string; extension: string }> = lookupTable<Record<SniffedKind, { mediaType: string; extension: string }>>({
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  png: { mediaType: 'image/png', extension: 'png' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  csv: { mediaType: 'text/csv', extension: 'csv' },
});

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const HEAD_BYTES = 8192;
/** The end-of-central-directory record sits in the last 22 bytes plus an optional comment (≤ 64 KiB). */
const EOCD_SEARCH = 22 + 0xffff;
const MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024;

const startsWith = (buf: Uint8Array, sig: number[], at = 0) => buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);

/** Sniffs a file on disk. Reads at most the head and, for ZIP containers, the central directory. */
export async function sniffFile(path: string): Promise<SniffResult | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const simple = sniffHead(head);
    if (simple !== 'zip') return simple ? result(simple) : null;
    const names = await zipEntryNames(handle, size);
    const office = officeKind(names);
    return office ? result(office) : null;
  } finally {
    await handle.close();
  }
}

/** Sniffs bytes held in memory (small files, tests). */
export function sniffBuffer(buf: Buffer): SniffResult | null {
  const simple = sniffHead(buf.subarray(0, HEAD_BYTES));
  if (simple !== 'zip') return simple ? result(simple) : null;
  const names = zipEntryNamesFromBuffer(buf);
  const office = officeKind(names);
  return office ? result(office) : null;
}

function result(kind: SniffedKind): SniffResult {
  return { kind, ...MEDIA_TYPES[kind] };
}

/** The decision the first bytes allow; 'zip' means "look inside". */
export function sniffHead(head: Uint8Array): SniffedKind | 'zip' | null {
  if (head.length === 0) return null;
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(head, PNG)) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip'; // PK\3\4
  return looksLikeCsv(head) ? 'csv' : null;
}

/**
 * CSV has no signature: accept text (UTF-8 with or without BOM, or GB18030 as Chinese Excel
 * writes it) without NULs or control characters other than tab/CR/LF, that does not open like
 * markup (HTML, XML, SVG), and has at least one line break or delimiter.
 */
export function looksLikeCsv(head: Uint8Array): boolean {
  let bytes = head;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) bytes = bytes.subarray(3);
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false; // UTF-16: not accepted
  for (const b of bytes) {
    if (b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b < 0x20 || b === 0x7f) return false;
  }
  const text = Buffer.from(bytes).toString('latin1').trimStart().slice(0, 64).toLowerCase();
  if (text.startsWith('<')) return false; // HTML, XML, SVG …
  if (text.startsWith('%!') || text.startsWith('#!')) return false; // PostScript, scripts
  return /[\n,;\t]/.test(Buffer.from(bytes).toString('latin1'));
}

function officeKind(names: string[] | null): SniffedKind | null {
  if (!names || !names.includes('[Content_Types].xml')) return null;
  if (names.some((n) => n.startsWith('xl/')) && names.includes('xl/workbook.xml')) return 'xlsx';
  if (names.some((n) => n.startsWith('word/')) && names.includes('word/document.xml')) return 'docx';
  return null;
}

async function zipEntryNames(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<string[] | null> {
  const read = async (position: number, length: number) => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  };
  if (size < 22) return null;
  const tailLength = Math.min(EOCD_SEARCH, size);
  const dir = locateCentralDirectory(await read(size - tailLength, tailLength), size);
  return dir ? parseCentralDirectory(await read(dir.offset, dir.size), dir.entries) : null;
}

function zipEntryNamesFromBuffer(buf: Buffer): string[] | null {
  if (buf.length < 22) return null;
  const dir = locateCentralDirectory(buf.subarray(Math.max(0, buf.length - EOCD_SEARCH)), buf.length);
  return dir ? parseCentralDirectory(buf.subarray(dir.offset, dir.offset + dir.size), dir.entries) : null;
}

/** Finds the end-of-central-directory record in the file's tail and reads where the directory is. */
function locateCentralDirectory(tail: Buffer, fileSize: number): { entries: number; size: number; offset: number } | null {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      const entries = tail.readUInt16LE(i + 10);
      const size = tail.readUInt32LE(i + 12);
      const offset = tail.readUInt32LE(i + 16);
      if (size > MAX_CENTRAL_DIRECTORY || offset + size > fileSize) return null;
      return { entries, size, offset };
    }
  }
  return null;
}

/** File names from a ZIP central directory; null when it is not well formed. */
function parseCentralDirectory(cd: Buffer, entries: number): string[] | null {
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < entries && p + 46 <= cd.length; n++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    names.push(cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
