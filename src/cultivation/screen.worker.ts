import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { parentPort } from 'node:worker_threads';
import { screenChunk } from './screen-chunk.js';

/** A worker thread of the screening pool: pure computation on plain data, no database. */
parentPort?.on('message', (message: { requestId: number; asOf: string; ruleSets: never; entries: never }) => {
  try {
    parentPort!.postMessage({ requestId: message.requestId, result: screenChunk(message.asOf, message.ruleSets, message.entries) });
  } catch (err) {
    parentPort!.postMessage({ requestId: message.requestId, error: (err as Error).message });
  }
});
