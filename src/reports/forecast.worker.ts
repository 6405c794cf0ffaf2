import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import { serveJobs } from '../common/worker-pool.js';
import { forecastJob } from './forecast-pool.js';

/** A worker thread of the forecast pool: pure computation on plain data, no database. */
serveJobs(forecastJob);
