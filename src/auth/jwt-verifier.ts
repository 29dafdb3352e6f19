import { createLocalJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../util/config-values';
import { ROLES, isRole, roleAllows, type Identity, type Role } from './roles';

export interface JwtOptions {
  /** A shared secret for HS256/384/512 tokens. */
  secret?: string;
  /** A JSON Web Key Set (the parsed JSON of JWT_JWKS_FILE) for asymmetric tokens. */
  jwks?: unknown;
  issuer?: string;
  audience?: string;
  /** Claim holding the role: a role name, or a list of names (the highest counts). Default "role". */
  roleClaim: string;
  /** Claim naming the caller in logs and the audit. Default "sub". */
  nameClaim: string;
}

/** A token was presented but does not prove an identity; the message is safe to show. */
export class InvalidTokenError extends Error {}

const MIN_SECRET_BYTES = 32;
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies bearer JWTs with `jose`: the signature (against the secret or the
 * local JWKS, never a key the token points at), expiry and not-before, and
 * the issuer and audience when configured.
 */
export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[] | undefined;

  constructor(private readonly options: JwtOptions) {
    if (options.secret !== undefined) {
      if (Buffer.byteLength(options.secret) < MIN_SECRET_BYTES) throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes.`);
      this.key = new TextEncoder().encode(options.secret);
      this.algorithms = ['HS256', 'HS384', 'HS512'];
    } else if (options.jwks !== undefined) {
      try {
        this.key = createLocalJWKSet(options.jwks as Parameters<typeof createLocalJWKSet>[0]);
      } catch (error) {
        throw new ConfigError(`JWT_JWKS_FILE is not a JSON Web Key Set: ${(error as Error).message}`);
      }
      // The keys' own types decide; a symmetric algorithm is never accepted against a public key set.
      this.algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
    } else {
      throw new ConfigError('A JWT verifier needs JWT_SECRET or JWT_JWKS_FILE.');
    }
  }

  async identify(token: string): Promise<Identity> {
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      payload = verified.payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof errors.JWTExpired ? 'The token has expired.' : 'The token is not valid.');
    }
    const role = highestRole(payload[this.options.roleClaim]);
    if (!role) throw new InvalidTokenError(`The token's "${this.options.roleClaim}" claim names none of the roles ${ROLES.join(', ')}.`);
    const name = payload[this.options.nameClaim];
    if (typeof name !== 'string' || name.length === 0) throw new InvalidTokenError(`The token has no "${this.options.nameClaim}" claim.`);
    return { name, role, via: 'jwt' };
  }
}

function highestRole(claim: unknown): Role | null {
  const names = Array.isArray(claim) ? claim : [claim];
  let best: Role | null = null;
  for (const name of names) if (isRole(name) && (!best || roleAllows(name, best))) best = name;
  return best;
}
