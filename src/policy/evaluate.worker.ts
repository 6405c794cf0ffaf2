import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { parentPort } from 'node:worker_threads';
import { evaluateEntries } from './evaluate-entries.js';

/** A worker thread of the evaluation pool: pure computation on plain data, no database. */
parentPort?.on('message', (message: { requestId: number; asOf: string; ruleSets: never; entries: never }) => {
  try {
    parentPort!.postMessage({ requestId: message.requestId, results: evaluateEntries(message.asOf, message.ruleSets, message.entries) });
  } catch (err) {
    parentPort!.postMessage({ requestId: message.requestId, error: (err as Error).message });
  }
});
