import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { serveJobs } from '../common/worker-pool.js';
import { evaluateJob } from './evaluation-pool.js';

/** A worker thread of the evaluation pool: pure computation on plain data, no database. */
serveJobs(evaluateJob);
