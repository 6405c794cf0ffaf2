import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { parentPort } from 'node:worker_threads';
import { forecastChunk } from './forecast-chunk.js';

/** A worker thread of the forecast pool: pure computation on plain data, no database. */
parentPort?.on('message', (message: { requestId: number; params: never; entries: never }) => {
  try {
    parentPort!.postMessage({ requestId: message.requestId, lines: forecastChunk(message.params, message.entries) });
  } catch (err) {
    parentPort!.postMessage({ requestId: message.requestId, error: (err as Error).message });
  }
});
