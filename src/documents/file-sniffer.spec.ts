import { crc32 } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { looksLikeCsv, sniffBuffer, textClaimsBinaryName } from './file-sniffer.js';
import { cleanFileName, contentDisposition, rfc5987 } from '../common/content-disposition.js';
import { withExtension } from './filenames.js';

/** A stored (uncompressed) ZIP with the given entries: enough for the sniffer's central-directory walk. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBuf.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(Object.keys(entries).length, 8); eocd.writeUInt16LE(Object.keys(entries).length, 10);
  eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A minimal PDF a reader can open: header, one object, classic xref table, trailer, startxref, %%EOF. */
export function minimalPdf(body = '1 0 obj<</Type/Catalog>>endobj\n'): Buffer {
  const head = `%PDF-1.4\n${body}`;
  return Buffer.from(`${head}xref\n0 1\n0000000000 65535 f \ntrailer<</Size 1/Root 1 0 R>>\nstartxref\n${Buffer.byteLength(head, 'latin1')}\n%%EOF\n`, 'latin1');
}
/** The same with a cross-reference stream (PDF 1.5+) instead of a table. */
const PDF_XREF_STREAM = (() => {
  const head = '%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n';
  return Buffer.from(`${head}2 0 obj<</Type/XRef/Size 3/W[1 2 1]>>stream\nx\nendstream\nendobj\nstartxref\n${head.length}\n%%EOF`);
})();
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};
const PNG = Buffer.concat([PNG_SIG, chunk('IHDR', Buffer.alloc(13, 1)), chunk('IDAT', Buffer.alloc(10, 2)), chunk('IEND', Buffer.alloc(0))]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xda, 1, 2, 3, 0xff, 0xd9]);

describe('sniffBuffer: the type comes from the bytes and their structure', () => {
  it.each([
    ['PDF with an xref table', minimalPdf(), 'application/pdf'],
    ['PDF with an xref stream', PDF_XREF_STREAM, 'application/pdf'],
    ['PDF with an incremental update after the first %%EOF', Buffer.concat([minimalPdf(), Buffer.from('% appended\n')]), 'application/pdf'],
    ['PNG with IHDR … IEND', PNG, 'image/png'],
    ['JPEG with SOI … EOI', JPEG, 'image/jpeg'],
    ['JPEG with zero padding after EOI', Buffer.concat([JPEG, Buffer.alloc(16)]), 'image/jpeg'],
    ['XLSX', zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<x/>' }), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['DOCX', zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['CSV (UTF-8 with BOM)', Buffer.from('\uFEFF统一社会信用代码,企业名称\n91310110666007217T,测试\n'), 'text/csv'],
    ['CSV (GB18030 bytes)', Buffer.from([0xcd, 0xb3, 0xd2, 0xbb, 0x2c, 0x41, 0x0a]), 'text/csv'],
    ['CSV larger than the head, a character split at 8 KiB', Buffer.from('名称,金额\n' + '天津测试科技有限公司,100\n'.repeat(1000)), 'text/csv'],
  ])('%s is recognised', async (_name, bytes, mediaType) => {
    expect((await sniffBuffer(bytes))?.mediaType).toBe(mediaType);
  });

  it.each([
    ['a 29-byte text file opening with %PDF-', Buffer.from('%PDF-1.4 this is not a pdf\n')],
    ['%PDF- with %%EOF but no startxref', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')],
    ['%PDF- with startxref pointing at prose', Buffer.from('%PDF-1.4\nhello world, not a table\nstartxref\n9\n%%EOF\n')],
    ['%PDF- with startxref beyond the end', Buffer.from('%PDF-1.4\nxref\nstartxref\n99999\n%%EOF\n')],
    ['a PDF cut short (no %%EOF)', minimalPdf().subarray(0, 60)],
    ['a PNG signature followed by junk', Buffer.concat([PNG_SIG, Buffer.alloc(64, 1)])],
    ['a PNG without IEND (truncated)', PNG.subarray(0, PNG.length - 12)],
    ['a JPEG SOI followed by text', Buffer.from([0xff, 0xd8, 0xff, 0x41, 0x42, 0x43, 0x0a])],
    ['a Windows executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)])],
    ['an ELF binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['a plain ZIP', zip({ 'readme.txt': 'hello' })],
    ['a ZIP naming itself Office but without the part', zip({ '[Content_Types].xml': '<Types/>', 'xl/styles.xml': '<x/>' })],
    ['a ZIP with workbook.xml but no [Content_Types].xml', zip({ 'xl/workbook.xml': '<workbook/>' })],
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script>')],
    ['an SVG', Buffer.from('<?xml version="1.0"?><svg onload="x"/>')],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00')],
    ['UTF-16 text', Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x2c, 0x00])],
    ['bytes that are neither UTF-8 nor GB18030', Buffer.from([0x41, 0x2c, 0xff, 0xfe, 0xff, 0x0a])],
    ['text with a NUL near the end of a large file', Buffer.concat([Buffer.from('a,b\n'.repeat(4000)), Buffer.from('x\u0000y\n')])],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated ZIP header', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])],
  ])('%s is refused', async (_name, bytes) => {
    expect(await sniffBuffer(bytes)).toBeNull();
  });

  it('CSV needs text with a separator or a line', () => {
    expect(looksLikeCsv(Buffer.from('a,b'))).toBe(true);
    expect(looksLikeCsv(Buffer.from('justoneword'))).toBe(false);
    expect(looksLikeCsv(Buffer.from('a,b\u0000c'))).toBe(false);
  });
});

describe('textClaimsBinaryName', () => {
  it.each([
    ['fake.pdf', 'csv', true],
    ['scan.JPG', 'csv', true],
    ['figures.xlsx ', 'csv', true],
    ['企业名单.csv', 'csv', false],
    ['notes.txt', 'csv', false],
    ['scan.pdf', 'png', false],
  ] as const)('%s sniffed as %s → %s', (name, kind, lies) => {
    expect(textClaimsBinaryName({ kind, mediaType: '', extension: '' }, name)).toBe(lies);
  });
});

describe('file names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['C:\\Users\\李明\\年报 2025.pdf', '年报 2025.pdf'],
    ['..', 'document'],
    ['', 'document'],
    ['a\u0000b\u202e.pdf', 'ab.pdf'],
    ['x'.repeat(300) + '.pdf', 'x'.repeat(196) + '.pdf'],
  ])('cleanFileName(%j) → %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });

  it('Content-Disposition is an attachment with an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('2025年 审计报告 "终稿".pdf')).toBe(
      `attachment; filename="2025_ ____ ____.pdf"; filename*=UTF-8''2025%E5%B9%B4%20%E5%AE%A1%E8%AE%A1%E6%8A%A5%E5%91%8A%20%22%E7%BB%88%E7%A8%BF%22.pdf`,
    );
    expect(contentDisposition('a\r\nSet-Cookie: x=1.pdf')).not.toMatch(/[\r\n]/);
    expect(rfc5987("it's (1)*.pdf")).toBe('it%27s%20%281%29%2A.pdf');
  });

  it('withExtension follows the bytes', () => {
    expect(withExtension('photo.pdf', 'png')).toBe('photo.png');
    expect(withExtension('scan.JPEG', 'jpg')).toBe('scan.JPEG');
    expect(withExtension('report', 'pdf')).toBe('report.pdf');
  });
});
