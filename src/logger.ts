/** Structured JSON logs (pino). Never log record contents: they may be a client's data. */
import { pino } from 'pino';
import { env } from './env.js';

export const logger = pino({ level: env.NODE_ENV === 'test' ? 'silent' : env.LOG_LEVEL, base: { service: 'caro-metrics' } });
