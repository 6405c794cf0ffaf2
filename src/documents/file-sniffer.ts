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
/** How far from the end a trailer (%%EOF, IEND, EOI) may sit: writers append a few bytes of padding. */
const TAIL_BYTES = 2048;
/** The end-of-central-directory record sits in the last 22 bytes plus an optional comment (≤ 64 KiB). */
const EOCD_SEARCH = 22 + 0xffff;
const MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024;

const startsWith = (buf: Uint8Array, sig: number[], at = 0) => buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);

/** Random access to the bytes being judged: a file on disk or a buffer in memory. */
interface ByteSource {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
}

/** Sniffs a file on disk. Reads the head, the tail and, for PDF and ZIP, the cross-reference / central directory. */
export async function sniffFile(path: string): Promise<SniffResult | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await sniff({
      size,
      read: async (position, length) => {
        const buf = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        const { bytesRead } = await handle.read(buf, 0, buf.length, position);
        return buf.subarray(0, bytesRead);
      },
    });
  } finally {
    await handle.close();
  }
}

/** Sniffs bytes held in memory (small files, tests). */
export function sniffBuffer(buf: Buffer): Promise<SniffResult | null> {
  return sniff({ size: buf.length, read: async (position, length) => buf.subarray(position, position + length) });
}

/**
 * A signature alone proves nothing (`%PDF-` followed by prose is a text file): each kind must also
 * show the structure a reader needs — its trailer and, where the format has one, its index.
 */
async function sniff(src: ByteSource): Promise<SniffResult | null> {
  if (src.size === 0) return null;
  const head = await src.read(0, HEAD_BYTES);
  const tail = src.size <= HEAD_BYTES ? head : await src.read(src.size - TAIL_BYTES, TAIL_BYTES);
  const kind = sniffHead(head);
  switch (kind) {
    case null:
      return null;
    case 'pdf':
      return (await pdfIsWellFormed(src, tail)) ? result('pdf') : null;
    case 'png':
      return pngIsWellFormed(head, tail) ? result('png') : null;
    case 'jpeg':
      return jpegIsWellFormed(tail) ? result('jpeg') : null;
    case 'csv':
      return textIsClean(head, src.size > head.length) && textIsClean(tail, true, true) ? result('csv') : null;
    case 'zip': {
      const office = officeKind(await zipEntryNames(src));
      return office ? result(office) : null;
    }
    default:
      return result(kind);
  }
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
 * A PDF reader starts at the end: `%%EOF` near the end, `startxref` with the offset of the
 * cross-reference, and at that offset either a classic `xref` table or an xref stream object.
 */
async function pdfIsWellFormed(src: ByteSource, tail: Buffer): Promise<boolean> {
  const text = tail.toString('latin1');
  if (!text.includes('%%EOF')) return false;
  const m = /startxref\s+(\d{1,12})\s+%%EOF/.exec(text.slice(text.lastIndexOf('startxref')));
  if (!m) return false;
  const offset = Number(m[1]);
  if (offset <= 0 || offset >= src.size) return false;
  const at = (await src.read(offset, 64)).toString('latin1');
  return /^\s*xref\b/.test(at) || /^\s*\d+\s+\d+\s+obj\b/.test(at);
}

/** PNG: the IHDR chunk first (length 13), the IEND chunk last. */
function pngIsWellFormed(head: Buffer, tail: Buffer): boolean {
  return head.length >= 33 && head.readUInt32BE(8) === 13 && head.toString('latin1', 12, 16) === 'IHDR' && tail.includes('IEND', 0, 'latin1');
}

/** JPEG: start-of-image at the front (checked by sniffHead), end-of-image (FF D9) at the back, padding allowed. */
function jpegIsWellFormed(tail: Buffer): boolean {
  let end = tail.length;
  while (end > 0 && (tail[end - 1] === 0x00 || tail[end - 1] === 0x0a || tail[end - 1] === 0x0d)) end--;
  return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
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
  if (!textIsClean(bytes, true)) return false; // the head may end inside a character; sniff() checks small files exactly
  const text = Buffer.from(bytes).toString('latin1').trimStart().slice(0, 64).toLowerCase();
  if (text.startsWith('<')) return false; // HTML, XML, SVG …
  if (text.startsWith('%!') || text.startsWith('#!')) return false; // PostScript, scripts
  return /[\n,;\t]/.test(Buffer.from(bytes).toString('latin1'));
}

/**
 * Text without NULs or control characters that decodes as UTF-8 or as GB18030. `cutEnd` /
 * `cutStart` say the slice was taken from a larger file, so a character split at the edge is forgiven.
 */
export function textIsClean(bytes: Uint8Array, cutEnd: boolean, cutStart = false): boolean {
  for (const b of bytes) {
    if (b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b < 0x20 || b === 0x7f) return false;
  }
  let slice = bytes;
  if (cutStart) {
    // Skip to just after the first line break: a multibyte character never contains 0x0A.
    const nl = slice.indexOf(0x0a);
    slice = nl >= 0 ? slice.subarray(nl + 1) : slice.subarray(Math.min(4, slice.length));
  }
  const trims = cutEnd ? [0, 1, 2, 3] : [0];
  return ['utf-8', 'gb18030'].some((encoding) => trims.some((n) => decodes(slice.subarray(0, Math.max(0, slice.length - n)), encoding)));
}

function decodes(bytes: Uint8Array, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function officeKind(names: string[] | null): SniffedKind | null {
  if (!names || !names.includes('[Content_Types].xml')) return null;
  if (names.some((n) => n.startsWith('xl/')) && names.includes('xl/workbook.xml')) return 'xlsx';
  if (names.some((n) => n.startsWith('word/')) && names.includes('word/document.xml')) return 'docx';
  return null;
}

async function zipEntryNames(src: ByteSource): Promise<string[] | null> {
  if (src.size < 22) return null;
  const tailLength = Math.min(EOCD_SEARCH, src.size);
  const dir = locateCentralDirectory(await src.read(src.size - tailLength, tailLength), src.size);
  return dir ? parseCentralDirectory(await src.read(dir.offset, dir.size), dir.entries) : null;
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

/**
 * Text has no signature, so plain prose passes as CSV. A text file whose name claims a binary
 * kind ("fake.pdf") is a lie worth refusing; a real PNG named .pdf is still a real image.
 */
export function textClaimsBinaryName(sniffed: SniffResult, fileName: string): boolean {
  return sniffed.kind === 'csv' && /\.(pdf|png|jpe?g|xlsx|docx)$/i.test(fileName.trim());
}
