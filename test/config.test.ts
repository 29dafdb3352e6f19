import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/server/config';

describe('gateway configuration', () => {
  it('defaults to the embedded engine on 127.0.0.1:4000 with 8 MiB uploads', () => {
    expect(loadConfig([], {})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      maxUploadBytes: 8 * 1024 * 1024,
      maxQueryComplexity: 2000,
      seedDemo: true,
      backend: { kind: 'embedded', region: 'us-east-1', dataDir: '.lookout-data', account: '000000000000' },
    });
  });

  it('reads the environment, and flags override it', () => {
    const env = { PORT: '5000', HOST: '0.0.0.0', MAX_UPLOAD_BYTES: '1024', LOOKOUT_DATA_DIR: '/data', AWS_REGION: 'eu-west-1', LOOKOUT_DEMO: '0' };
    expect(loadConfig([], env)).toMatchObject({ port: 5000, host: '0.0.0.0', maxUploadBytes: 1024, seedDemo: false, backend: { kind: 'embedded', dataDir: '/data', region: 'eu-west-1' } });
    expect(loadConfig(['--port', '6000', '--data', '/other', '--no-demo'], env)).toMatchObject({ port: 6000, seedDemo: false, backend: { dataDir: '/other' } });
  });

  it('switches the embedded engine off for an endpoint, or for AWS', () => {
    expect(loadConfig([], { LOOKOUT_ENDPOINT: 'http://engine:4100/' }).backend).toEqual({ kind: 'endpoint', url: 'http://engine:4100', region: 'us-east-1' });
    expect(loadConfig(['--lookout-backend', 'aws', '--region', 'eu-central-1'], {}).backend).toEqual({ kind: 'aws', region: 'eu-central-1' });
  });

  it.each([
    [['--port', '70000'], {}],
    [[], { PORT: 'eighty' }],
    [[], { MAX_UPLOAD_BYTES: '0' }],
    [[], { LOOKOUT_ENDPOINT: 'not a url' }],
    [[], { LOOKOUT_ENDPOINT: 'ftp://x' }],
    [[], { LOOKOUT_BACKEND: 'gcp' }],
    [[], { LOOKOUT_ACCOUNT: '123' }],
  ])('refuses %j %j with a ConfigError', (argv, env) => {
    expect(() => loadConfig(argv as string[], env)).toThrow(ConfigError);
  });
});
