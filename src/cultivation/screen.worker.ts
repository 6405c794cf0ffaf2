import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { serveJobs } from '../common/worker-pool.js';
import { screenJob } from './screening-pool.js';

/** A worker thread of the screening pool: pure computation on plain data, no database. */
serveJobs(screenJob);
