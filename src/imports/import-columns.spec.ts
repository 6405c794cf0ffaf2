import { describe, expect, it } from '@jest/globals';
import { COLUMNS, mapHeaders, normaliseHeader, parseCell, parseDate, type ColumnDef } from './import-columns.js';
import { decodeText, readCsv } from './import-file.js';

const ref = {
  districts: [{ code: '120116', nameZh: '滨海新区', nameEn: 'Binhai New Area' }, { code: '120104', nameZh: '南开区', nameEn: 'Nankai' }],
  zones: [{ code: 'binhai-hitech', nameZh: '滨海高新区', nameEn: 'Binhai Hi-tech Zone' }],
};
const def = (kind: keyof typeof COLUMNS, key: string) => COLUMNS[kind].find((d) => d.key === key) as ColumnDef;
const cell = (kind: keyof typeof COLUMNS, key: string, raw: unknown, unit: 1 | 10000 = 1) => parseCell(def(kind, key), raw as never, unit, ref, '2026-06-30');

describe('headers', () => {
  it('accepts Chinese, English, keys and aliases, with units and required markers', () => {
    const m = mapHeaders('financials', ['*统一社会信用代码', 'Year', '营业收入（万元）', 'rdExpense', '研发费用', '备注']);
    expect([...m.columns.values()].map((c) => [c.def.key, c.unit])).toEqual([['uscc', 1], ['year', 1], ['operatingRevenue', 10000], ['rdExpense', 1]]);
    expect(m.duplicated).toEqual(['研发费用']);
    expect(m.ignored).toEqual(['备注']);
    expect(m.missing).toEqual([]);
    expect(mapHeaders('enterprises', ['企业名称']).missing.map((d) => d.key)).toEqual(['uscc', 'districtCode']);
  });

  it.each([
    ['注册资本（元）', '注册资本', 1],
    [' 注册资本 (万元) ', '注册资本', 10000],
    ['Registered capital (10k yuan)', 'registeredcapital', 10000],
    ['高新技术产品（服务）收入', '高新技术产品(服务)收入', 1],
  ])('normaliseHeader(%j)', (raw, name, unit) => {
    expect(normaliseHeader(raw)).toEqual({ name, unit });
  });
});

describe('cells', () => {
  it.each([
    ['uscc', '91310110666007217t', '91310110666007217T'],
    ['districtCode', '滨海', '120116'],
    ['districtCode', 'Nankai', '120104'],
    ['zoneCode', '滨海高新区', 'binhai-hitech'],
    ['establishedOn', '2019/5/20', '2019-05-20'],
    ['establishedOn', '2019年5月20日', '2019-05-20'],
    ['establishedOn', '20190520', '2019-05-20'],
    ['establishedOn', 43605, '2019-05-20'],
    ['establishedOn', new Date(Date.UTC(2019, 4, 20)), '2019-05-20'],
    ['taxMode', '核定', 'deemed'],
    ['highTechField', '生物与新医药', 'biomedicine'],
    ['registeredCapital', '¥1,234.5', 1234.5],
    ['tags', '雏鹰、瞪羚，雏鹰', ['雏鹰', '瞪羚']],
    ['rdLedger', '是', true],
    ['name', ' 天津市某某科技有限公司（改名） ', '天津市某某科技有限公司（改名）'],
    ['name', '天津ＡＢＣ科技有限公司', '天津ＡＢＣ科技有限公司'],
    ['address', '滨海新区　第３大街（东区）', '滨海新区　第３大街（东区）'],
  ])('enterprises.%s %j → %j', (key, raw, value) => {
    expect(cell('enterprises', key, raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['uscc', '91310110666007217A', 'import.error.uscc'],
    ['districtCode', '浦东新区', 'import.error.district'],
    ['establishedOn', '2025-02-30', 'import.error.date'],
    ['establishedOn', '1899-12-31', 'validation.dateTooEarly'],
    ['establishedOn', '2026-07-01', 'validation.dateInFuture'],
    ['industryCode', '3911', 'import.error.industry'],
    ['taxMode', 'flat', 'import.error.choice'],
    ['registeredCapital', '-1', 'import.error.negative'],
    ['registeredCapital', 'abc', 'import.error.number'],
    ['rdLedger', 'maybe', 'import.error.bool'],
    ['name', 'x'.repeat(129), 'import.error.tooLong'],
  ])('enterprises.%s %j → %s', (key, raw, error) => {
    expect(cell('enterprises', key, raw)).toMatchObject({ ok: false, key: error });
  });

  it('money in 万元 is converted to yuan; counts must be whole; years are not in the future', () => {
    expect(cell('financials', 'operatingRevenue', '1,234.56', 10000)).toEqual({ ok: true, value: 12_345_600 });
    expect(cell('financials', 'employees', '12.5')).toMatchObject({ ok: false, key: 'import.error.integer' });
    expect(cell('financials', 'year', 2027)).toMatchObject({ ok: false, key: 'import.error.year' });
    expect(cell('financials', 'year', '2025')).toEqual({ ok: true, value: 2025 });
    expect(cell('ip-assets', 'kind', '实用新型')).toEqual({ ok: true, value: 'utility-model' });
    expect(cell('ip-assets', 'status', 'Lapsed')).toEqual({ ok: true, value: 'lapsed' });
    expect(cell('ip-assets', 'coOwners', '甲；乙、丙')).toEqual({ ok: true, value: ['甲', '乙', '丙'] });
  });

  it('past-event dates lie in 1900-01-01 … today; an expiry may be in the future', () => {
    expect(cell('ip-assets', 'grantedOn', '2026-07-01')).toMatchObject({ ok: false, key: 'validation.dateInFuture' });
    expect(cell('ip-assets', 'grantedOn', '2026-06-30')).toEqual({ ok: true, value: '2026-06-30' });
    expect(cell('ip-assets', 'expiresOn', '2036-07-01')).toEqual({ ok: true, value: '2036-07-01' });
  });

  it('empty cells are "not given"', () => {
    for (const raw of [null, undefined, '', '   ']) expect(cell('enterprises', 'address', raw)).toEqual({ ok: true, empty: true });
  });

  it('parseDate refuses impossible dates', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('next tuesday')).toBeNull();
  });
});

describe('CSV files', () => {
  it('reads UTF-8 with BOM and GB18030, detects ; and tab delimiters, keeps spreadsheet row numbers', async () => {
    const utf8 = await readCsv(Buffer.from('\uFEFF统一社会信用代码,企业名称\r\n\r\nA,"天津,甲"\r\n'));
    expect(utf8.headers).toEqual(['统一社会信用代码', '企业名称']);
    expect(utf8.rows).toEqual([{ row: 3, cells: ['A', '天津,甲'] }]);
    const gbk = Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a]); // 企业名称 in GB18030
    expect(decodeText(gbk).trim()).toBe('企业名称');
    expect((await readCsv(gbk)).headers).toEqual(['企业名称']);
    expect((await readCsv(Buffer.from('a;b\n1;2\n'))).rows[0]!.cells).toEqual(['1', '2']);
    expect((await readCsv(Buffer.from('a\tb\n1\t2\n'))).rows[0]!.cells).toEqual(['1', '2']);
  });
});
