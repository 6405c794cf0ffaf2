import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { configFromProcess } from '../config/app-config.js';
import { typeormOptions } from './typeorm-options.js';

/** The DataSource the TypeORM CLI uses (`npm run migration:run`, `migration:generate`). */
export default new DataSource(typeormOptions(configFromProcess().database));
