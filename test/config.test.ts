import { describe, expect, it } from 'vitest';
import { ConfigError, defaultLimits, loadConfig } from '../src/server/config';
import { loadSecurityConfig } from '../src/server/security-config';
import { hashOf } from '../src/server/trusted-documents';

const KEYS = { API_KEYS: 'ops:admin:key-0123456789abcdef' };

describe('gateway configuration', () => {
  it('defaults to the embedded engine on 127.0.0.1:4000, in development mode, with the documented limits', () => {
    const config = loadConfig([], {});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      production: false,
      seedDemo: true,
      backend: { kind: 'embedded', region: 'us-east-1', dataDir: '.lookout-data', account: '000000000000' },
    });
    expect(config.limits).toEqual(defaultLimits());
    expect(config.limits).toMatchObject({ maxUploadBytes: 8 * 1024 * 1024, maxQueryComplexity: 2000 });
    expect(config.security.authenticator.developmentMode).toBe(true);
    expect(config.security).toMatchObject({ allowedHosts: [], corsOrigins: [], trustedDocumentsMode: 'any' });
    expect(config.security.trustedDocuments.size).toBeGreaterThan(0);
  });

  it('reads the environment, and flags override it', () => {
    const env = { ...KEYS, PORT: '5000', HOST: '0.0.0.0', MAX_UPLOAD_BYTES: '1024', LOOKOUT_DATA_DIR: '/data', AWS_REGION: 'eu-west-1', LOOKOUT_DEMO: '0' };
    expect(loadConfig([], env)).toMatchObject({ port: 5000, host: '0.0.0.0', limits: { maxUploadBytes: 1024 }, seedDemo: false, backend: { kind: 'embedded', dataDir: '/data', region: 'eu-west-1' } });
    expect(loadConfig(['--port', '6000', '--data', '/other', '--no-demo'], env)).toMatchObject({ port: 6000, seedDemo: false, backend: { dataDir: '/other' } });
    expect(loadConfig([], { RATE_LIMIT_PER_SECOND: '5', MAX_QUERY_DEPTH: '4', NODE_ENV: 'production' })).toMatchObject({ production: true, limits: { rateLimitPerSecond: 5, maxQueryDepth: 4 } });
  });

  it('reads identities, hosts, origins and the trusted documents mode', () => {
    const config = loadConfig([], { ...KEYS, ALLOWED_HOSTS: 'Gateway.example.com, lookout.internal', CORS_ORIGINS: 'https://app.example.com', PERSISTED_OPERATIONS: 'only' });
    expect(config.security.authenticator.developmentMode).toBe(false);
    expect(config.security).toMatchObject({ allowedHosts: ['gateway.example.com', 'lookout.internal'], corsOrigins: ['https://app.example.com'], trustedDocumentsMode: 'only' });
  });

  it('trusts the documents of every manifest PERSISTED_OPERATIONS_FILE lists, so a previous release\'s clients keep working', () => {
    const manifest = (query: string) => JSON.stringify({ [hashOf(query)]: query });
    const files: Record<string, string> = { '/release-2.json': manifest('{ projects { name } }'), '/release-1.json': manifest('{ viewer { name } }'), '/broken.json': '{"abc": "{ viewer { name } }"}' };
    const read = (path: string) => files[path];
    const { trustedDocuments } = loadSecurityConfig({ PERSISTED_OPERATIONS_FILE: '/release-2.json, /release-1.json' }, read);
    expect(trustedDocuments.size).toBe(2);
    expect(trustedDocuments.trusts('{ viewer { name } }')).toBe(true);
    expect(trustedDocuments.trusts('{ projects { name } }')).toBe(true);
    expect(trustedDocuments.trusts('{ projects { arn } }')).toBe(false);
    expect(() => loadSecurityConfig({ PERSISTED_OPERATIONS_FILE: '/release-2.json,/broken.json' }, read)).toThrow(/PERSISTED_OPERATIONS_FILE \/broken.json: the entry abc/);
    expect(() => loadSecurityConfig({ PERSISTED_OPERATIONS_FILE: ' , ' }, read)).toThrow(/names no file/);
  });

  it('switches the embedded engine off for an endpoint, or for AWS', () => {
    expect(loadConfig([], { LOOKOUT_ENDPOINT: 'http://engine:4100/' }).backend).toEqual({ kind: 'endpoint', url: 'http://engine:4100', region: 'us-east-1' });
    expect(loadConfig(['--lookout-backend', 'aws', '--region', 'eu-central-1'], {}).backend).toEqual({ kind: 'aws', region: 'eu-central-1' });
  });

  it('refuses to serve beyond loopback in development mode, saying how to configure keys', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      expect(() => loadConfig(['--host', host], {})).toThrow(/API_KEYS/);
    }
    expect(loadConfig(['--host', '::1'], {}).host).toBe('::1');
    expect(loadConfig(['--host', '0.0.0.0'], { JWT_SECRET: 'a-jwt-secret-of-at-least-32-bytes!!' }).host).toBe('0.0.0.0');
  });

  it.each([
    [['--port', '70000'], {}],
    [[], { PORT: 'eighty' }],
    [[], { MAX_UPLOAD_BYTES: '0' }],
    [[], { RATE_LIMIT_PER_SECOND: '-1' }],
    [[], { LOOKOUT_ENDPOINT: 'not a url' }],
    [[], { LOOKOUT_ENDPOINT: 'ftp://x' }],
    [[], { LOOKOUT_BACKEND: 'gcp' }],
    [[], { LOOKOUT_ACCOUNT: '123' }],
    [[], { API_KEYS: 'ops:root:key-0123456789abcdef' }],
    [[], { API_KEYS: ' , ' }],
    [[], { API_KEYS_FILE: '/nonexistent/keys' }],
    [[], { JWT_SECRET: 'short' }],
    [[], { JWT_SECRET: 'a-jwt-secret-of-at-least-32-bytes!!', JWT_JWKS_FILE: '/x' }],
    [[], { CORS_ORIGINS: 'https://app.example.com/path' }],
    [[], { CORS_ORIGINS: '*' }],
    [[], { PERSISTED_OPERATIONS: 'sometimes' }],
    [[], { PERSISTED_OPERATIONS_FILE: '/nonexistent.json' }],
  ])('refuses %j %j with a ConfigError', (argv, env) => {
    expect(() => loadConfig(argv as string[], env)).toThrow(ConfigError);
  });
});
