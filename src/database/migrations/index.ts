import { Foundation1763769600000 } from './1763769600000-Foundation.js';
import { ActivitiesTasks1763856000000 } from './1763856000000-ActivitiesTasks.js';
import { PolicyJobs1763880000000 } from './1763880000000-PolicyJobs.js';
import { ListIndexes1764100000000 } from './1764100000000-ListIndexes.js';

/** Every migration in order. A new migration is added here as well as written in this folder. */
export const MIGRATIONS = [
  Foundation1763769600000,
  ActivitiesTasks1763856000000,
  PolicyJobs1763880000000,
  ListIndexes1764100000000,
];
