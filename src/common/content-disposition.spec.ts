import { describe, expect, it } from '@jest/globals';
import { contentDisposition } from './content-disposition.js';

// The one header builder every download uses: ASCII fallback + RFC 5987 UTF-8 name.
describe('contentDisposition', () => {
  it.each([
    ['report.xlsx', undefined, undefined, `attachment; filename="report.xlsx"; filename*=UTF-8''report.xlsx`],
    ['企业名单.csv', undefined, undefined, `attachment; filename="____.csv"; filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%8D%95.csv`],
    ['雏鹰-2026.csv', 'attachment', 'young-eagle-2026.csv', `attachment; filename="young-eagle-2026.csv"; filename*=UTF-8''%E9%9B%8F%E9%B9%B0-2026.csv`],
    ['a"b;c%d.pdf', undefined, undefined, `attachment; filename="a_b_c_d.pdf"; filename*=UTF-8''a%22b%3Bc%25d.pdf`],
    ['x(1)*.pdf', 'inline', undefined, `inline; filename="x(1)*.pdf"; filename*=UTF-8''x%281%29%2A.pdf`],
    ['../../etc/passwd', undefined, '../evil"\r\n.csv', `attachment; filename="evil_.csv"; filename*=UTF-8''passwd`],
  ] as const)('%s (%s, %s)', (name, type, ascii, expected) => {
    expect(contentDisposition(name, type, ascii)).toBe(expected);
  });
});
