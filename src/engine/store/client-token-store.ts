import type { Db } from './database';

export interface RememberedResponse {
  request_hash: string;
  status: number;
  body: string;
}

/** Lookout keeps a client token's answer for 8 hours. */
export const CLIENT_TOKEN_TTL_SECONDS = 8 * 60 * 60;

export class ClientTokenStore {
  constructor(private readonly db: Db) {}

  find(operation: string, token: string, now: number): RememberedResponse | undefined {
    return this.db
      .prepare('SELECT request_hash, status, body FROM client_tokens WHERE operation = ? AND token = ? AND expires_at > ?')
      .get(operation, token, now) as RememberedResponse | undefined;
  }

  remember(operation: string, token: string, response: RememberedResponse, now: number): void {
    this.db
      .prepare(
        `INSERT INTO client_tokens (operation, token, request_hash, status, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (operation, token) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
         body = excluded.body, expires_at = excluded.expires_at`,
      )
      .run(operation, token, response.request_hash, response.status, response.body, now + CLIENT_TOKEN_TTL_SECONDS);
  }

  prune(now: number): void {
    this.db.prepare('DELETE FROM client_tokens WHERE expires_at <= ?').run(now);
  }
}
