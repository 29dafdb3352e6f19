import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeys } from './api-keys';
import { InvalidTokenError, type JwtVerifier } from './jwt-verifier';
import type { Identity } from './roles';

/** The request proves no identity; the message tells the caller what to send, never why a secret failed. */
/**
 * The request did not establish an identity. `challenge` is RFC 6750's error
 * code for the Bearer challenge: none when no credential was sent (a client
 * is told only how to authenticate), `invalid_token` for a key or token that
 * is not valid, `invalid_request` for credentials sent wrongly.
 */
export class AuthenticationFailure extends Error {
  constructor(
    message: string,
    readonly challenge?: 'invalid_token' | 'invalid_request',
  ) {
    super(message);
  }
}

const DEVELOPER: Identity = { name: 'development', role: 'admin', via: 'development' };
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Turns a request's credentials into an identity: `Authorization: Bearer
 * <key or JWT>` or `x-api-key: <key>`. With no keys and no JWT configured
 * the gateway is in development mode and every caller is an admin (the
 * gateway then serves only on loopback; see server/config.ts).
 */
export class Authenticator {
  constructor(
    private readonly keys: ApiKeys,
    private readonly jwt: JwtVerifier | null,
  ) {}

  get developmentMode(): boolean {
    return this.keys.size === 0 && this.jwt === null;
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<Identity> {
    if (this.developmentMode) return DEVELOPER;
    const credential = presentedCredential(headers);
    if (credential === null) {
      throw new AuthenticationFailure('Authentication required: send an API key (Authorization: Bearer <key>, or x-api-key) or a bearer JWT.');
    }
    if (this.jwt && JWT_SHAPE.test(credential)) {
      try {
        return await this.jwt.identify(credential);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new AuthenticationFailure(error.message, 'invalid_token');
        throw error;
      }
    }
    const identity = this.keys.identify(credential);
    if (!identity) throw new AuthenticationFailure('The API key is not valid.', 'invalid_token');
    return identity;
  }
}

function presentedCredential(headers: IncomingHttpHeaders): string | null {
  const authorization = single(headers.authorization);
  const apiKey = single(headers['x-api-key']);
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  if (authorization && !bearer) throw new AuthenticationFailure('The Authorization header must be "Bearer <key or token>".', 'invalid_request');
  if (bearer && apiKey && bearer !== apiKey) throw new AuthenticationFailure('Send one credential: Authorization or x-api-key, not two different ones.', 'invalid_request');
  return bearer ?? apiKey ?? null;
}

function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > 1) throw new AuthenticationFailure('Send one credential header, not several.', 'invalid_request');
    return value[0];
  }
  return value?.trim() || undefined;
}
