// Jest globalSetup (jest.config.js): a directory for this run's template databases (test/support/app.ts,
// templateFor). Worker processes start after this and inherit the variable.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

export default function globalSetup() {
  const root = join(process.cwd(), '.test-data');
  mkdirSync(root, { recursive: true });
  process.env.ECT_TEST_TEMPLATE_DIR = mkdtempSync(join(root, 'templates-'));
}
