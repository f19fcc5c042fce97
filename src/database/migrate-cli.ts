import { loadConfig } from '../config/app-config.js';
import { runMigrations } from './migrate.js';

const url = process.env.DATABASE_URL ?? loadConfig().DATABASE_URL;
const applied = await runMigrations(url);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
