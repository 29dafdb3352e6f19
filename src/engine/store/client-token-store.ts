import type { Db } from './database';

export interface RememberedResponse {
  request_hash: string;
  status: number;
  body: string;
}

/** Lookout keeps a client token's answer for 8 hours. */
export const CLIENT_TOKEN_TTL_SECONDS = 8 * 60 * 60;

/** Statements prepared once per store: better-sqlite3 compiles SQL on prepare. */
function prepareStatements(db: Db) {
  return {
    find: db.prepare<[string, string, number], RememberedResponse>(
      'SELECT request_hash, status, body FROM client_tokens WHERE operation = ? AND token = ? AND expires_at > ?',
    ),
    remember: db.prepare<[string, string, string, number, string, number]>(
      `INSERT INTO client_tokens (operation, token, request_hash, status, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (operation, token) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
       body = excluded.body, expires_at = excluded.expires_at`,
    ),
    prune: db.prepare<[number]>('DELETE FROM client_tokens WHERE expires_at <= ?'),
  };
}

export class ClientTokenStore {
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(db: Db) {
    this.sql = prepareStatements(db);
  }

  find(operation: string, token: string, now: number): RememberedResponse | undefined {
    return this.sql.find.get(operation, token, now);
  }

  remember(operation: string, token: string, response: RememberedResponse, now: number): void {
    this.sql.remember.run(operation, token, response.request_hash, response.status, response.body, now + CLIENT_TOKEN_TTL_SECONDS);
  }

  prune(now: number): void {
    this.sql.prune.run(now);
  }
}
