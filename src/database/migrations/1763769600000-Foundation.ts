import { Table, TableForeignKey, type MigrationInterface, type QueryRunner, type TableColumnOptions, type TableIndexOptions } from 'typeorm';
import { bool, id, int, money, str, text, ts, tsNow, version } from '../migration-helpers.js';

/**
 * The foundation schema: reference data, accounts, sessions, tokens, login history, the audit log,
 * and the enterprise file's core tables (profile, financials, IP, qualifications, credit flags,
 * contacts, tags, recognitions). Written with the schema builder so it runs on SQLite and PostgreSQL.
 */
export class Foundation1763769600000 implements MigrationInterface {
  name = 'Foundation1763769600000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({ name: 'district', columns: [str('code', 6, false, { isPrimary: true }), str('name_zh', 32), str('name_en', 64), str('block', 16)] }));
    await qr.createTable(new Table({
      name: 'functional_zone',
      columns: [str('code', 16, false, { isPrimary: true }), str('name_zh', 64), str('name_en', 128), str('district_code', 6)],
      foreignKeys: [{ columnNames: ['district_code'], referencedTableName: 'district', referencedColumnNames: ['code'] }],
    }));
    await qr.createTable(new Table({ name: 'high_tech_field', columns: [str('code', 32, false, { isPrimary: true }), int('sort_order')] }));
    await qr.createTable(new Table({ name: 'negative_list_industry', columns: [str('prefix', 8, false, { isPrimary: true }), str('name_zh', 64), str('name_en', 128)] }));

    await qr.createTable(new Table({
      name: 'app_user',
      columns: [
        id(), str('username', 64), str('display_name', 64), str('password_hash', 255), str('role', 16),
        str('district_code', 6, true), str('zone_code', 16, true), int('enterprise_id', true),
        str('locale', 8, false, { default: "'zh-CN'" }), bool('active', true), int('failed_attempts', false, { default: 0 }),
        ts(qr, 'locked_until', true), ts(qr, 'last_login_at', true), ts(qr, 'password_changed_at', true),
        version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'uq_app_user_username', columnNames: ['username'], isUnique: true },
        { name: 'ix_app_user_role', columnNames: ['role'] },
        { name: 'ix_app_user_district', columnNames: ['district_code'] },
        { name: 'ix_app_user_zone', columnNames: ['zone_code'] },
        { name: 'ix_app_user_enterprise', columnNames: ['enterprise_id'] },
      ],
      foreignKeys: [
        { columnNames: ['district_code'], referencedTableName: 'district', referencedColumnNames: ['code'] },
        { columnNames: ['zone_code'], referencedTableName: 'functional_zone', referencedColumnNames: ['code'] },
      ],
    }));

    await qr.createTable(new Table({
      name: 'http_session',
      columns: [str('sid', 128, false, { isPrimary: true }), int('user_id', true), ts(qr, 'expires_at'), text('data')],
      indices: [{ name: 'ix_http_session_user', columnNames: ['user_id'] }, { name: 'ix_http_session_expires', columnNames: ['expires_at'] }],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await qr.createTable(new Table({
      name: 'api_token',
      columns: [id(), int('user_id'), str('token_hash', 64), ts(qr, 'expires_at'), ts(qr, 'revoked_at', true), tsNow(qr, 'created_at')],
      indices: [{ name: 'ix_api_token_user', columnNames: ['user_id'] }, { name: 'uq_api_token_hash', columnNames: ['token_hash'], isUnique: true }],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await qr.createTable(new Table({
      name: 'login_attempt',
      columns: [id(), str('username', 64), str('ip', 64), bool('success'), str('reason', 32, true), str('channel', 8), ts(qr, 'at')],
      indices: [{ name: 'ix_login_attempt_ip_at', columnNames: ['ip', 'at'] }, { name: 'ix_login_attempt_username_at', columnNames: ['username', 'at'] }],
    }));
    await qr.createTable(new Table({
      name: 'audit_entry',
      columns: [
        id(), ts(qr, 'at'), int('actor_id', true), str('actor_username', 64), str('action', 48), str('entity', 48),
        str('entity_id', 64), int('enterprise_id', true), text('before', true), text('after', true), str('request_id', 64, true),
      ],
      indices: [
        { name: 'ix_audit_entity', columnNames: ['entity', 'entity_id'] },
        { name: 'ix_audit_at', columnNames: ['at'] },
        { name: 'ix_audit_actor', columnNames: ['actor_id', 'at'] },
        { name: 'ix_audit_enterprise', columnNames: ['enterprise_id'] },
      ],
    }));

    await qr.createTable(new Table({
      name: 'enterprise',
      columns: [
        id(), str('uscc', 18), str('name', 128), str('name_normalized', 128), str('district_code', 6), str('zone_code', 16, true),
        str('established_on', 10, true), str('industry_code', 8, true), str('tax_mode', 8, true), str('high_tech_field', 32, true),
        money('registered_capital'), str('address', 255, true), int('assigned_officer_id', true), str('tags', 255, false, { default: "''" }),
        str('current_tier', 24, true), bool('rd_ledger', undefined, true),
        version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'), ts(qr, 'deleted_at', true),
      ],
      indices: [
        { name: 'uq_enterprise_uscc', columnNames: ['uscc'], isUnique: true },
        { name: 'ix_enterprise_district_updated', columnNames: ['district_code', 'updated_at'] },
        { name: 'ix_enterprise_zone', columnNames: ['zone_code'] },
        { name: 'ix_enterprise_tier', columnNames: ['current_tier'] },
        { name: 'ix_enterprise_field', columnNames: ['high_tech_field'] },
        { name: 'ix_enterprise_officer', columnNames: ['assigned_officer_id'] },
        { name: 'ix_enterprise_updated', columnNames: ['updated_at'] },
        { name: 'ix_enterprise_name', columnNames: ['name'] },
        { name: 'ix_enterprise_name_normalized', columnNames: ['name_normalized'] },
      ],
      foreignKeys: [
        { columnNames: ['district_code'], referencedTableName: 'district', referencedColumnNames: ['code'] },
        { columnNames: ['zone_code'], referencedTableName: 'functional_zone', referencedColumnNames: ['code'] },
        { columnNames: ['assigned_officer_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
    await qr.createForeignKey('app_user', new TableForeignKey({ columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'SET NULL' }));

    const child = (name: string, columns: TableColumnOptions[], indices: TableIndexOptions[] = []) =>
      qr.createTable(new Table({
        name,
        columns: [id(), int('enterprise_id'), ...columns],
        indices: [{ name: `ix_${name}_enterprise`, columnNames: ['enterprise_id'] }, ...indices],
        foreignKeys: [{ columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }));

    await qr.createTable(new Table({
      name: 'annual_financials',
      columns: [
        id(), int('enterprise_id'), int('year'),
        ...['operating_revenue', 'sales_revenue', 'main_business_revenue', 'total_income', 'non_taxable_income', 'investment_income',
          'high_tech_revenue', 'rd_expense', 'rd_expense_domestic', 'total_cost_and_expense', 'total_assets', 'total_liabilities'].map(money),
        int('employees', true), int('st_staff', true), int('transformed_achievements', true),
        str('source', 12, false, { default: "'officer'" }), ts(qr, 'verified_at', true), int('verified_by', true),
        version(), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'uq_annual_financials_enterprise_year', columnNames: ['enterprise_id', 'year'], isUnique: true },
        { name: 'ix_annual_financials_year', columnNames: ['year'] },
      ],
      foreignKeys: [{ columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await child('ip_asset', [
      str('kind', 24), str('number', 64), str('title', 255, true), str('status', 12), str('granted_on', 10, true), str('expires_on', 10, true),
      str('acquisition', 12, false, { default: "'own'" }), bool('used_in_high_tech_application', false), bool('related_to_main_products', false),
      bool('pledged', false), text('co_owners', true), version(), tsNow(qr, 'updated_at'),
    ], [{ name: 'uq_ip_asset_number', columnNames: ['number'], isUnique: true }, { name: 'ix_ip_asset_expires', columnNames: ['expires_on'] }]);
    await child('qualification', [
      str('kind', 40), str('level', 16, true), str('rank', 16, true), int('position_rank', true), money('amount'), str('obtained_on', 10),
      str('valid_until', 10, true), str('certificate_number', 64, true), str('ranking', 128, true), str('note', 255, true), version(), tsNow(qr, 'updated_at'),
    ], [{ name: 'ix_qualification_kind_valid', columnNames: ['kind', 'valid_until'] }]);
    await child('credit_flag', [str('kind', 32), str('flagged_on', 10), str('source', 64, true), str('note', 255, true), version(), tsNow(qr, 'updated_at')]);
    await child('contact', [str('name', 64), str('role', 64, true), str('phone', 32, true), str('email', 128, true), version(), tsNow(qr, 'updated_at')]);
    await qr.createTable(new Table({
      name: 'enterprise_tag',
      columns: [int('enterprise_id', false, { isPrimary: true }), str('tag', 32, false, { isPrimary: true })],
      indices: [{ name: 'ix_enterprise_tag_tag', columnNames: ['tag', 'enterprise_id'] }],
      foreignKeys: [{ columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await qr.createTable(new Table({
      name: 'recognition',
      columns: [
        id(), int('enterprise_id'), str('tier', 24), int('year'), str('batch', 32, true), str('certificate_number', 64, true),
        str('valid_from', 10), str('valid_until', 10), str('source', 16, false, { default: "'manual'" }), int('application_id', true), tsNow(qr, 'created_at'),
      ],
      indices: [
        { name: 'ix_recognition_enterprise', columnNames: ['enterprise_id', 'valid_until'] },
        { name: 'ix_recognition_tier_year', columnNames: ['tier', 'year'] },
        { name: 'ix_recognition_valid_until', columnNames: ['valid_until'] },
      ],
      foreignKeys: [{ columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));

    await this.seedReferenceData(qr);
  }

  private async seedReferenceData(qr: QueryRunner): Promise<void> {
    const districts: [string, string, string, string][] = [
      ['120101', '和平区', 'Heping', 'central'], ['120102', '河东区', 'Hedong', 'central'], ['120103', '河西区', 'Hexi', 'central'],
      ['120104', '南开区', 'Nankai', 'central'], ['120105', '河北区', 'Hebei', 'central'], ['120106', '红桥区', 'Hongqiao', 'central'],
      ['120110', '东丽区', 'Dongli', 'ring'], ['120111', '西青区', 'Xiqing', 'ring'], ['120112', '津南区', 'Jinnan', 'ring'],
      ['120113', '北辰区', 'Beichen', 'ring'], ['120114', '武清区', 'Wuqing', 'outer'], ['120115', '宝坻区', 'Baodi', 'outer'],
      ['120116', '滨海新区', 'Binhai New Area', 'binhai'], ['120117', '宁河区', 'Ninghe', 'outer'], ['120118', '静海区', 'Jinghai', 'outer'],
      ['120119', '蓟州区', 'Jizhou', 'outer'],
    ];
    for (const d of districts) await qr.query(param(qr, 'INSERT INTO district (code, name_zh, name_en, block) VALUES ($1, $2, $3, $4)'), d);
    const zones: [string, string, string, string][] = [
      ['binhai-hitech', '滨海高新区', 'Binhai Hi-tech Zone', '120116'],
      ['teda', '经开区', 'TEDA (Economic-Technological Development Area)', '120116'],
      ['bonded', '保税区', 'Tianjin Port Free Trade Zone', '120116'],
      ['dongjiang', '东疆', 'Dongjiang Comprehensive Bonded Zone', '120116'],
      ['eco-city', '中新天津生态城', 'Sino-Singapore Tianjin Eco-city', '120116'],
    ];
    for (const z of zones) await qr.query(param(qr, 'INSERT INTO functional_zone (code, name_zh, name_en, district_code) VALUES ($1, $2, $3, $4)'), z);
    const fields = ['electronic-information', 'biomedicine', 'aerospace', 'new-materials', 'high-tech-services', 'new-energy', 'resources-environment', 'advanced-manufacturing'];
    for (const [i, f] of fields.entries()) await qr.query(param(qr, 'INSERT INTO high_tech_field (code, sort_order) VALUES ($1, $2)'), [f, i + 1]);
    const negative: [string, string, string][] = [
      ['C16', '烟草制品业', 'Tobacco manufacturing'], ['F51', '批发业', 'Wholesale'], ['F52', '零售业', 'Retail'],
      ['H61', '住宿业', 'Accommodation'], ['H62', '餐饮业', 'Catering'], ['K70', '房地产业', 'Real estate'],
      ['L71', '租赁业', 'Leasing'], ['L72', '商务服务业', 'Business services'], ['R90', '娱乐业', 'Entertainment'],
    ];
    for (const n of negative) await qr.query(param(qr, 'INSERT INTO negative_list_industry (prefix, name_zh, name_en) VALUES ($1, $2, $3)'), n);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['recognition', 'enterprise_tag', 'contact', 'credit_flag', 'qualification', 'ip_asset', 'annual_financials']) await qr.dropTable(t);
    const user = await qr.getTable('app_user');
    const fk = user?.foreignKeys.find((k) => k.columnNames.includes('enterprise_id'));
    if (fk) await qr.dropForeignKey('app_user', fk);
    for (const t of ['enterprise', 'audit_entry', 'login_attempt', 'api_token', 'http_session', 'app_user', 'negative_list_industry', 'high_tech_field', 'functional_zone', 'district']) await qr.dropTable(t);
  }
}

/** Positional parameters: $n on PostgreSQL, ? on SQLite. */
function param(qr: QueryRunner, sql: string): string {
  return qr.connection.options.type === 'postgres' ? sql : sql.replace(/\$\d+/g, '?');
}
