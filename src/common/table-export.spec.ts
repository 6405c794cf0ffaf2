import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { safeText, writeTable, type Cell } from './table-export.js';

describe('safeText (CSV/formula injection)', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86 22 1234', "'+86 22 1234"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['天津=科技', '天津=科技'],
    ['', ''],
    [null, ''],
  ] as const)('%j → %j', (input, expected) => {
    expect(safeText(input)).toBe(expected);
  });
});

describe('writeTable (CSV)', () => {
  async function csv(rows: Cell[][][]): Promise<{ text: string; rows: number }> {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (b: Buffer) => parts.push(b));
    const progress = { rows: 0 };
    async function* chunks() { for (const c of rows) yield c; }
    await writeTable('csv', out, 'sheet', [{ header: '名称', width: 10 }, { header: '收入', width: 10, money: true }], chunks(), progress);
    return { text: Buffer.concat(parts).toString('utf8'), rows: progress.rows };
  }

  it.each([
    [[], '\uFEFF名称,收入\n', 0],
    [[[['甲', 1234.5]]], '\uFEFF名称,收入\n甲,1234.50\n', 1],
    [[[['甲', null]], [['乙', 2], ['丙', 3]]], '\uFEFF名称,收入\n甲,\n乙,2.00\n丙,3.00\n', 3],
  ] as const)('%j', async (rows, expected, count) => {
    expect(await csv(rows as unknown as Cell[][][])).toEqual({ text: expected, rows: count });
  });
});
