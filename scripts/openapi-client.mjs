#!/usr/bin/env node
// Validates an OpenAPI document (swagger-parser) and generates TypeScript types from it
// (openapi-typescript). Usage: node scripts/openapi-client.mjs <document.json> <out.d.ts>
// Run as its own process: both libraries load ESM-only dependencies through require(), which Node
// 20.19+ allows and Jest's module runtime does not (test/openapi-contract.spec.ts calls this).
import { readFileSync, writeFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/openapi-client.mjs <document.json> <out.d.ts>');
  process.exit(2);
}
const doc = JSON.parse(readFileSync(input, 'utf8'));
try {
  await SwaggerParser.validate(structuredClone(doc));
} catch (err) {
  console.error(`invalid OpenAPI document: ${err.message}`);
  process.exit(1);
}
writeFileSync(output, astToString(await openapiTS(doc)));
console.log(`valid OpenAPI ${doc.openapi} document (${Object.keys(doc.paths).length} paths); types written to ${output}`);
