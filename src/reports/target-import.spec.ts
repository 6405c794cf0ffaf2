import { describe, expect, it } from '@jest/globals';
import { readCsv } from '../imports/import-file.js';
import { readTargetTable } from './target-import.js';
import type { TargetMetric } from './target.entity.js';

const LABELS = new Map<string, TargetMetric>([['高新技术企业数', 'hnte'], ['全社会研发投入占地区生产总值比重', 'rd-gdp']]);
const read = async (tsv: string) => readTargetTable(await readCsv(Buffer.from(tsv, 'utf8')), LABELS);

describe('targets pasted from a spreadsheet', () => {
  it.each<[string, string, unknown]>([
    ['Chinese headers, a district by code', '指标\t年度\t区\t目标值\t来源文件\nhnte\t2030\t120116\t1,500\t滨海新区“十五五”规划', { metric: 'hnte', year: 2030, district: '120116', value: 1500, source: '滨海新区“十五五”规划', note: null }],
    ['English headers, city-wide', 'metric\tyear\tdistrict\ttarget\nleaders\t2030\t\t400', { metric: 'leaders', year: 2030, district: '', value: 400, source: null }],
    ['metric by its label, a percentage', '指标\t年度\t目标值\n全社会研发投入占地区生产总值比重\t2030\t3.5%', { metric: 'rd-gdp', value: 3.5 }],
    ['comma-separated', '指标,年度,区,目标值\nhnte,2028,滨海新区,1200', { district: '滨海新区', value: 1200 }],
  ])('%s', async (_name, tsv, row) => {
    const { rows, problems } = await read(tsv);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject(row as object);
  });

  it.each<[string, string, { row: number; reason: string }[]]>([
    ['missing the value column', '指标\t年度\nhnte\t2030', [{ row: 1, reason: 'columns' }]],
    ['unknown metric', '指标\t年度\t目标值\nfoo\t2030\t1', [{ row: 2, reason: 'metric' }]],
    ['bad year and value', '指标\t年度\t目标值\nhnte\t30\tmany', [{ row: 2, reason: 'year' }, { row: 2, reason: 'value' }]],
    ['negative value', '指标\t年度\t目标值\nhnte\t2030\t-1', [{ row: 2, reason: 'value' }]],
    ['the same target twice', '指标\t年度\t目标值\nhnte\t2030\t1\nhnte\t2030\t2', [{ row: 3, reason: 'duplicate' }]],
    ['source too long', `指标\t年度\t目标值\t来源文件\nhnte\t2030\t1\t${'x'.repeat(201)}`, [{ row: 2, reason: 'source' }]],
  ])('%s', async (_name, tsv, problems) => {
    expect((await read(tsv)).problems).toEqual(problems);
  });
});
