/**
 * The raw consent-session id never reaches the database: records carry HMAC-SHA256(secret, id).
 * The secret lives outside the database (configuration, or a file in the data folder created once
 * with mode 0600), so a copy of the database alone cannot be joined back to any client.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE_NAME = 'session-hash.key';

export function loadSessionSecret(options: { secret?: string | undefined; dataDir: string }): string {
  if (options.secret) return options.secret;
  const file = join(options.dataDir, SECRET_FILE_NAME);
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    // 'wx' fails if another process created it first; that process's secret then wins.
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

export type SessionHasher = (sessionId: string) => string;

export function createSessionHasher(secret: string): SessionHasher {
  return (sessionId) => createHmac('sha256', secret).update(sessionId.toLowerCase()).digest('hex');
}
