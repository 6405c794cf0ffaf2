import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { verifyAuditChain, type ChainReport } from '../audit/audit-verify.js';
import { ConfigError, configFromProcess } from '../config/app-config.js';
import { typeormOptions } from '../database/typeorm-options.js';

/**
 * `npm run audit:verify`: recomputes the audit log's hash chain on the configured database
 * (DATABASE_URL) and prints the result. Exit 0 when intact, 1 when broken (with the first bad
 * entry's id), 2 when it could not run. `--json` prints the report as JSON. Read-only.
 */
export function formatReport(r: ChainReport): string {
  const lines = [
    r.brokenAt
      ? `AUDIT CHAIN BROKEN at entry id ${r.brokenAt.id} (${r.brokenAt.reason === 'content' ? 'its content was changed' : r.brokenAt.reason === 'link' ? 'the entry before it was removed or replaced' : 'it was never chained'}); ${r.checked} entries before it verified`
      : `audit chain intact: ${r.checked} entries verified`,
    r.head ? `head: id ${r.head.id}, hash ${r.head.hash}` : 'head: (no entries)',
    `append-only triggers: ${r.triggersPresent ? 'present' : 'MISSING'}`,
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  let dataSource: DataSource | null = null;
  try {
    const config = configFromProcess();
    dataSource = new DataSource(typeormOptions(config.database));
    await dataSource.initialize();
    const report = await verifyAuditChain(dataSource);
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatReport(report));
    return report.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`audit:verify could not run: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().then((code) => process.exit(code));
}
