import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { chainHash, GENESIS_HASH } from '../../audit/audit-chain.js';
import { str } from '../migration-helpers.js';

/**
 * A tamper-evident audit log: `prev_hash` and `hash` columns (each entry hashes the previous
 * entry's hash with its own canonical content), existing entries back-filled in id order, a unique
 * index on `prev_hash` (the chain cannot fork, even under concurrent writers), and triggers that
 * refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of audit_entry. Triggers are the one part
 * that needs per-dialect SQL.
 */
export class AuditChain1764200100000 implements MigrationInterface {
  name = 'AuditChain1764200100000';

  async up(qr: QueryRunner): Promise<void> {
    const postgres = qr.connection.options.type === 'postgres';
    await qr.addColumns('audit_entry', [new TableColumn(str('prev_hash', 64, true)), new TableColumn(str('hash', 64, true))]);
    await backfill(qr, postgres);
    await qr.createIndex('audit_entry', new TableIndex({ name: 'uq_audit_prev_hash', columnNames: ['prev_hash'], isUnique: true }));
    if (postgres) {
      await qr.query(`CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$`);
      await qr.query('CREATE TRIGGER trg_audit_entry_no_update BEFORE UPDATE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()');
      await qr.query('CREATE TRIGGER trg_audit_entry_no_delete BEFORE DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()');
      await qr.query('CREATE TRIGGER trg_audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()');
    } else {
      await qr.query("CREATE TRIGGER trg_audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: UPDATE refused'); END");
      await qr.query("CREATE TRIGGER trg_audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: DELETE refused'); END");
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    const postgres = qr.connection.options.type === 'postgres';
    for (const t of ['trg_audit_entry_no_update', 'trg_audit_entry_no_delete', ...(postgres ? ['trg_audit_entry_no_truncate'] : [])]) {
      await qr.query(postgres ? `DROP TRIGGER IF EXISTS ${t} ON audit_entry` : `DROP TRIGGER IF EXISTS ${t}`);
    }
    if (postgres) await qr.query('DROP FUNCTION IF EXISTS audit_entry_append_only()');
    await qr.dropIndex('audit_entry', 'uq_audit_prev_hash');
    await qr.dropColumn('audit_entry', 'hash');
    await qr.dropColumn('audit_entry', 'prev_hash');
  }
}

/** Raw values as the drivers return them: SQLite datetime text is UTC without a zone. */
function toDate(raw: unknown): Date {
  if (raw instanceof Date) return raw;
  const s = String(raw);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

const parseJson = (raw: unknown) => (raw === null || raw === undefined || raw === '' ? null : JSON.parse(String(raw)));

/** Chains the entries written before this migration, oldest first, in batches. */
async function backfill(qr: QueryRunner, postgres: boolean): Promise<void> {
  const p = (n: number) => (postgres ? `$${n}` : '?');
  let prev = GENESIS_HASH;
  let lastId = 0;
  for (;;) {
    const rows: Record<string, unknown>[] = await qr.query(
      `SELECT id, at, actor_id, actor_username, action, entity, entity_id, enterprise_id, "before", "after", request_id FROM audit_entry WHERE id > ${p(1)} ORDER BY id LIMIT 500`,
      [lastId],
    );
    if (!rows.length) return;
    for (const r of rows) {
      const hash = chainHash(prev, {
        at: toDate(r.at), actorId: r.actor_id === null ? null : Number(r.actor_id), actorUsername: String(r.actor_username),
        action: String(r.action), entity: String(r.entity), entityId: String(r.entity_id),
        enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id), before: parseJson(r.before), after: parseJson(r.after),
        requestId: r.request_id === null ? null : String(r.request_id),
      });
      await qr.query(`UPDATE audit_entry SET prev_hash = ${p(1)}, hash = ${p(2)} WHERE id = ${p(3)}`, [prev, hash, r.id]);
      prev = hash;
      lastId = Number(r.id);
    }
  }
}
