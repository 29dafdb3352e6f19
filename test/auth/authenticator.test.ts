import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { ApiKeys } from '../../src/auth/api-keys';
import { AuthenticationFailure, Authenticator } from '../../src/auth/authenticator';
import { JwtVerifier } from '../../src/auth/jwt-verifier';
import { ConfigError } from '../../src/util/config-values';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const CAMERA_KEY = 'camera-key-0123456789abcdef';
const keys = ApiKeys.fromConfig(`ops-console:admin:${ADMIN_KEY}, line-3-camera:inference:${CAMERA_KEY}`, {
  path: 'keys.txt',
  text: '# dashboards\nboard:viewer:viewer-key-0123456789abcdef\n\n',
});
const SECRET = 'a-jwt-secret-of-at-least-32-bytes!!';

async function failure(pending: Promise<unknown>): Promise<string> {
  const error = await pending.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthenticationFailure);
  return (error as Error).message;
}

describe('API keys', () => {
  it('identifies each configured key by name and role, from the variable and the file', () => {
    expect(keys.size).toBe(3);
    expect(keys.identify(ADMIN_KEY)).toEqual({ name: 'ops-console', role: 'admin', via: 'api-key' });
    expect(keys.identify(CAMERA_KEY)).toEqual({ name: 'line-3-camera', role: 'inference', via: 'api-key' });
    expect(keys.identify('viewer-key-0123456789abcdef')?.role).toBe('viewer');
    expect(keys.identify(ADMIN_KEY.slice(0, -1))).toBeNull();
    expect(keys.identify('')).toBeNull();
  });

  it.each([
    ['no role', 'name:key-0123456789abcdef'],
    ['unknown role', 'name:root:key-0123456789abcdef'],
    ['short key', 'name:admin:short'],
    ['bad name', ' :admin:key-0123456789abcdef'],
    ['duplicate name', 'a:admin:key-0123456789abcdef,a:viewer:other-0123456789abcdef'],
    ['shared key', 'a:admin:key-0123456789abcdef,b:viewer:key-0123456789abcdef'],
  ])('refuses a configuration with %s', (_case, inline) => {
    expect(() => ApiKeys.fromConfig(inline, undefined)).toThrow(ConfigError);
  });

  it('names the file line of a mistake', () => {
    expect(() => ApiKeys.fromConfig(undefined, { path: 'keys.txt', text: 'ok:viewer:key-0123456789abcdef\nbroken' })).toThrow(/keys\.txt line 2/);
  });
});

describe('authenticator', () => {
  const auth = new Authenticator(keys, new JwtVerifier({ secret: SECRET, issuer: 'https://idp.example', audience: 'lookout', roleClaim: 'role', nameClaim: 'sub' }));
  const token = (claims: Record<string, unknown>, { issuer = 'https://idp.example', audience = 'lookout', expires = '5m', secret = SECRET } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('svc-quality').setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime(expires).sign(new TextEncoder().encode(secret));

  it('accepts a key as a bearer token or in x-api-key', async () => {
    expect((await auth.authenticate({ authorization: `Bearer ${ADMIN_KEY}` })).name).toBe('ops-console');
    expect((await auth.authenticate({ 'x-api-key': CAMERA_KEY })).name).toBe('line-3-camera');
  });

  it('refuses missing, unknown, malformed and conflicting credentials', async () => {
    expect(await failure(auth.authenticate({}))).toMatch(/Authentication required/);
    expect(await failure(auth.authenticate({ 'x-api-key': 'nope-0123456789abcdef' }))).toBe('The API key is not valid.');
    expect(await failure(auth.authenticate({ authorization: `Basic ${ADMIN_KEY}` }))).toMatch(/Bearer/);
    expect(await failure(auth.authenticate({ authorization: `Bearer ${ADMIN_KEY}`, 'x-api-key': CAMERA_KEY }))).toMatch(/one credential/);
  });

  it('accepts a signed JWT with the configured issuer and audience, the role from its claim', async () => {
    expect(await auth.authenticate({ authorization: `Bearer ${await token({ role: 'inference' })}` })).toEqual({ name: 'svc-quality', role: 'inference', via: 'jwt' });
    // A list of roles counts as its highest known one.
    expect((await auth.authenticate({ authorization: `Bearer ${await token({ role: ['viewer', 'admin', 'other'] })}` })).role).toBe('admin');
  });

  it.each([
    ['a wrong secret', { role: 'admin' }, { secret: 'another-secret-of-at-least-32-bytes!' }, /not valid/],
    ['another issuer', { role: 'admin' }, { issuer: 'https://evil.example' }, /not valid/],
    ['another audience', { role: 'admin' }, { audience: 'other' }, /not valid/],
    ['an expired token', { role: 'admin' }, { expires: '-2m' }, /expired/],
    ['no known role', { role: 'root' }, {}, /claim names none of the roles/],
  ])('refuses a JWT with %s', async (_case, claims, options, message) => {
    expect(await failure(auth.authenticate({ authorization: `Bearer ${await token(claims, options)}` }))).toMatch(message);
  });

  it('refuses an unsigned ("alg": "none") token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', iss: 'https://idp.example', aud: 'lookout' })).toString('base64url');
    expect(await failure(auth.authenticate({ authorization: `Bearer ${header}.${body}.` }))).toMatch(/not valid/);
  });

  it('verifies tokens against a local JWKS, never a symmetric algorithm', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const jwksAuth = new Authenticator(ApiKeys.fromConfig(undefined, undefined), new JwtVerifier({ jwks: { keys: [jwk] }, roleClaim: 'role', nameClaim: 'sub' }));
    const signed = await new SignJWT({ role: 'viewer' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('dash').setExpirationTime('5m').sign(privateKey);
    expect(await jwksAuth.authenticate({ authorization: `Bearer ${signed}` })).toEqual({ name: 'dash', role: 'viewer', via: 'jwt' });
    const hmac = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setSubject('x').sign(new TextEncoder().encode(SECRET));
    expect(await failure(jwksAuth.authenticate({ authorization: `Bearer ${hmac}` }))).toMatch(/not valid/);
  });

  it('is in development mode, everyone an admin, only with no keys and no JWT', async () => {
    const open = new Authenticator(ApiKeys.fromConfig(undefined, undefined), null);
    expect(open.developmentMode).toBe(true);
    expect(await open.authenticate({})).toEqual({ name: 'development', role: 'admin', via: 'development' });
    expect(auth.developmentMode).toBe(false);
  });

  it('refuses a short JWT secret', () => {
    expect(() => new JwtVerifier({ secret: 'short', roleClaim: 'role', nameClaim: 'sub' })).toThrow(ConfigError);
  });
});
