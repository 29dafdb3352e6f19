import { CreateProjectCommand } from '@aws-sdk/client-lookoutvision';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeys } from '../src/auth/api-keys';
import { Authenticator } from '../src/auth/authenticator';
import type { Role } from '../src/auth/roles';
import {
  DetectAnomaliesDocument,
  ModelStatusDocument,
  ModelVersionDocument,
  ModelVersionsDocument,
  ProjectDocument,
  ProjectsDocument,
  StartModelDocument,
  StopModelDocument,
} from '../src/client/generated/graphql';
import { loadSecurityConfig } from '../src/server/security-config';
import { countCommands } from './support/command-counter';
import { startEngine, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { GraphQLClient, codesOf, type GraphQLResponse } from './support/graphql-client';
import { makeImage } from './support/images';

// Identities and roles, browsers, trusted documents and limits, through real
// HTTP into the real gateway over the real engine.
const KEYS: Record<Role, string> = {
  viewer: 'viewer-key-0123456789abcdef',
  inference: 'camera-key-0123456789abcdef',
  admin: 'admin-key-0123456789abcdef',
};
const authenticator = new Authenticator(
  ApiKeys.fromConfig(`dashboard:viewer:${KEYS.viewer},line-3-camera:inference:${KEYS.inference},ops-console:admin:${KEYS.admin}`, undefined),
  null,
);

let engine: RunningEngine;
let gw: RunningGateway;
let sent: ReturnType<typeof countCommands>;
let png: Buffer;

beforeAll(async () => {
  engine = await startEngine();
  sent = countCommands(engine.client);
  await engine.client.send(new CreateProjectCommand({ ProjectName: 'line-3' }));
  gw = await startGateway(engine.client, { security: { authenticator } });
  png = await makeImage('png', 64, 64);
});
afterAll(async () => {
  await gw.close();
  await engine.close();
});
beforeEach(() => sent.reset());

type Operation = { name: string; needs: Role; run(client: GraphQLClient): Promise<GraphQLResponse<unknown>> };
const ref = { project: 'line-3', version: '1' };
const OPERATIONS: Operation[] = [
  { name: 'projects', needs: 'viewer', run: (c) => c.request(ProjectsDocument) },
  { name: 'project', needs: 'viewer', run: (c) => c.request(ProjectDocument, { name: 'line-3' }) },
  { name: 'modelVersions', needs: 'viewer', run: (c) => c.request(ModelVersionsDocument, { project: 'line-3' }) },
  { name: 'modelVersion', needs: 'viewer', run: (c) => c.request(ModelVersionDocument, ref) },
  { name: 'modelStatus', needs: 'viewer', run: (c) => c.request(ModelStatusDocument, ref) },
  { name: 'detectAnomalies', needs: 'inference', run: (c) => c.upload(DetectAnomaliesDocument, ref, { bytes: png, name: 'part.png' }) },
  { name: 'startModel', needs: 'admin', run: (c) => c.request(StartModelDocument, { ...ref, minInferenceUnits: 1 }) },
  { name: 'stopModel', needs: 'admin', run: (c) => c.request(StopModelDocument, ref) },
];
const RANK: Role[] = ['viewer', 'inference', 'admin'];

describe('roles: each operation for each role, through HTTP', () => {
  const cases = OPERATIONS.flatMap((op) => RANK.map((role) => [op.name, role, RANK.indexOf(role) >= RANK.indexOf(op.needs)] as const));

  it.each(cases)('%s as %s: allowed %s', async (name, role, allowed) => {
    const op = OPERATIONS.find((o) => o.name === name)!;
    const res = await op.run(gw.client.withApiKey(KEYS[role]));
    expect(res.status).toBe(200);
    if (allowed) {
      // Allowed calls reach Lookout (model 1 does not exist, so the model ones end NOT_FOUND or null).
      expect(codesOf(res)).not.toContain('FORBIDDEN');
      expect(sent.counts.size).toBeGreaterThan(0);
    } else {
      expect(codesOf(res)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].message).toContain(`needs the ${op.needs} role`);
      // Nothing of the refused field: null, or no data at all where the field cannot be null.
      expect(Object.values(res.data ?? {}).every((value) => value === null)).toBe(true);
      expect(sent.counts.size).toBe(0); // refused before any Lookout call
    }
  });

  it.each(OPERATIONS.map((o) => [o.name]))('%s without credentials: 401 UNAUTHENTICATED, nothing sent upstream', async (name) => {
    const res = await OPERATIONS.find((o) => o.name === name)!.run(gw.client);
    expect(res.status).toBe(401);
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
    expect(sent.counts.size).toBe(0);
  });

  it('answers an unknown key, a malformed header and two different credentials with 401 and a Bearer challenge', async () => {
    // RFC 6750's error codes: a credential that is not valid, and credentials sent wrongly.
    for (const [headers, error] of <[Record<string, string>, string][]>[
      [{ authorization: 'Bearer not-a-key-0123456789abcdef' }, 'invalid_token'],
      [{ 'x-api-key': 'not-a-key-0123456789abcdef' }, 'invalid_token'],
      [{ authorization: `Basic ${KEYS.admin}` }, 'invalid_request'],
      [{ authorization: `Bearer ${KEYS.admin}`, 'x-api-key': KEYS.viewer }, 'invalid_request'],
    ]) {
      const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"query":"{ projects { name } }"}' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="lookout-gateway", error="${error}"`);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('logs each mutation with the caller\'s name and role, never the key', async () => {
    await gw.client.withApiKey(KEYS.admin).request(StartModelDocument, { ...ref, minInferenceUnits: 1 });
    await gw.client.withApiKey(KEYS.viewer).request(StopModelDocument, ref);
    expect(gw.lines).toContain('mutation StartModel by ops-console (admin): NOT_FOUND');
    expect(gw.lines).toContain('mutation StopModel by dashboard (viewer): FORBIDDEN');
    expect(gw.lines.join('\n')).not.toMatch(/key-0123456789abcdef/);
  });

  it('accepts the key in x-api-key as well as Authorization', async () => {
    const res = await new GraphQLClient(gw.url, { 'x-api-key': KEYS.viewer }).request(ProjectsDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects.map((p) => p.name)).toContain('line-3');
  });

  it('refuses a viewer\'s upload as FORBIDDEN before its file is read or sent upstream', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 7);
    const res = await gw.client.withApiKey(KEYS.viewer).upload(DetectAnomaliesDocument, ref, { bytes: big, name: 'big.png' });
    expect(codesOf(res)).toEqual(['FORBIDDEN']);
    expect(sent.counts.size).toBe(0);
  });

  it('refuses an unauthenticated upload before parsing it', async () => {
    const res = await gw.client.upload(DetectAnomaliesDocument, ref, { bytes: png });
    expect(res.status).toBe(401);
  });
});

describe('browsers', () => {
  it('serves only its own host names (DNS rebinding), but health probes from anywhere', async () => {
    const answer = (host: string, path = '/graphql') => rawRequest(gw.url, { path, method: 'POST', headers: { host, 'content-type': 'application/json', 'x-api-key': KEYS.viewer }, body: '{"query":"{ projects { name } }"}' });
    expect((await answer('attacker.example')).status).toBe(421);
    expect((await answer('attacker.example:4000')).status).toBe(421);
    expect((await answer('localhost')).status).toBe(200);
    expect((await answer('[::1]:80')).status).toBe(200);
    expect((await rawRequest(gw.url, { path: '/healthz', method: 'GET', headers: { host: '10.1.2.3:4000' } })).status).toBe(200);
    const listed = await startGateway(engine.client, { security: { authenticator, allowedHosts: ['gateway.example.com'] } });
    try {
      expect((await answer2(listed.url, 'gateway.example.com')).status).toBe(200);
      expect((await answer2(listed.url, 'other.example.com')).status).toBe(421);
    } finally {
      await listed.close();
    }
    function answer2(url: string, host: string) {
      return rawRequest(url, { path: '/graphql', method: 'POST', headers: { host, 'content-type': 'application/json', 'x-api-key': KEYS.viewer }, body: '{"query":"{ projects { name } }"}' });
    }
  });

  it('answers CORS preflights for listed origins only, with the API key and preflight headers allowed, cached', async () => {
    const cors = await startGateway(engine.client, { security: { authenticator, corsOrigins: ['https://app.example.com'] } });
    try {
      const preflight = (origin: string) =>
        fetch(`${cors.url}/graphql`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,apollo-require-preflight,content-type' },
        });
      const listed = await preflight('https://app.example.com');
      expect(listed.status).toBe(204);
      expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(listed.headers.get('access-control-allow-headers')).toContain('x-api-key');
      expect(listed.headers.get('access-control-allow-headers')).toContain('apollo-require-preflight');
      expect(listed.headers.get('access-control-max-age')).toBe('600');
      expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
      const other = await preflight('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const actual = await fetch(`${cors.url}/graphql`, { method: 'POST', headers: { origin: 'https://app.example.com', 'content-type': 'application/json', 'x-api-key': KEYS.viewer }, body: '{"query":"{ projects { name } }"}' });
      expect(actual.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    } finally {
      await cors.close();
    }
    // None listed by default: no CORS headers at all.
    const res = await fetch(`${gw.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers on every response', async () => {
    for (const path of ['/', '/healthz', '/graphql']) {
      const res = await fetch(`${gw.url}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('shows no internal URL or path on the landing page: only the address the caller used (its curl example)', async () => {
    const html = await (await fetch(`${gw.url}/`)).text();
    const own = new URL(gw.url).host;
    expect(html).toContain(`curl -s http://${own}/graphql`);
    expect(html.replaceAll(own, 'HOST')).not.toMatch(/127\.0\.0\.1|localhost:\d|\/tmp\/|lookout-data/);
  });
});

describe('trusted documents (PERSISTED_OPERATIONS=only)', () => {
  let locked: RunningGateway;
  beforeAll(async () => {
    const { trustedDocuments } = loadSecurityConfig({});
    locked = await startGateway(engine.client, { security: { authenticator, trustedDocuments, trustedDocumentsMode: 'only' } });
  });
  afterAll(() => locked.close());

  it('runs the project\'s own operations by document id, as JSON and as a multipart upload', async () => {
    const client = locked.client.withApiKey(KEYS.admin).withDocumentIds();
    const projects = await client.request(ProjectsDocument);
    expect(projects.errors).toBeUndefined();
    expect(projects.data?.projects.map((p) => p.name)).toContain('line-3');
    const detect = await client.upload(DetectAnomaliesDocument, ref, { bytes: png });
    expect(codesOf(detect)).toEqual(['NOT_FOUND']); // it ran: model 1 does not exist
  });

  it('runs a trusted document sent by persisted query hash', async () => {
    const hash = (ProjectsDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const res = await fetch(`${locked.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(((await res.json()) as { data: { projects: unknown[] } }).data.projects.length).toBeGreaterThan(0);
  });

  it('refuses any other operation text, and an unknown id, before running it', async () => {
    const adHoc = await locked.client.withApiKey(KEYS.admin).request(ProjectsDocument);
    expect(adHoc.status).toBe(400);
    expect(codesOf(adHoc)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    const unknown = await fetch(`${locked.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer }, body: JSON.stringify({ documentId: 'sha256:' + 'ab'.repeat(32) }) });
    expect(unknown.status).toBe(400);
    const registered = await fetch(`${locked.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer },
      body: JSON.stringify({ query: '{ projects { arn } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }),
    });
    expect(registered.status).toBe(400);
    expect(sent.counts.size).toBe(0);
  });

  it('still runs any valid operation by text in the default mode', async () => {
    const res = await gw.client.withApiKey(KEYS.viewer).request(ProjectsDocument);
    expect(res.errors).toBeUndefined();
  });
});

describe('production mode', () => {
  it('refuses introspection and hides field suggestions', async () => {
    const prod = await startGateway(engine.client, { security: { authenticator }, production: true });
    try {
      const post = (query: string, variables?: Record<string, unknown>) =>
        fetch(`${prod.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer }, body: JSON.stringify({ query, variables }) });
      const introspection = await post('{ __schema { types { name } } }');
      expect(introspection.status).toBe(400);
      expect(((await introspection.json()) as { errors: { message: string }[] }).errors[0].message).toBe(
        'GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type.',
      );
      const typo = (await (await post('{ projets { name } }')).json()) as { errors: { message: string }[] };
      expect(typo.errors[0].message).not.toContain('Did you mean');
      // A variable's value is checked apart from the document: its enum values are not suggested either.
      const enumTypo = (await (await post('query($t: DatasetType!) { datasetEntries(project: "p", dataset: $t, first: 1) { edges { cursor } } }', { t: 'TRAINN' })).json()) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(enumTypo.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(enumTypo.errors[0].message).toMatch(/^Variable "\$t" got invalid value "TRAINN"; Value "TRAINN" does not exist in "DatasetType" enum\.$/);
      // Development (the default) keeps both for developers.
      const dev = (await (await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer }, body: '{"query":"{ projets { name } }"}' })).json()) as { errors: { message: string }[] };
      expect(dev.errors[0].message).toContain('Did you mean');
    } finally {
      await prod.close();
    }
  });
});

describe('per-key rate limit', () => {
  it('throttles a caller past its budget with retryAfterSeconds and Retry-After, leaving other callers alone', async () => {
    const limited = await startGateway(engine.client, { security: { authenticator }, rateLimitPerSecond: 1, rateLimitBurst: 2 });
    try {
      const viewer = limited.client.withApiKey(KEYS.viewer);
      expect((await viewer.request(ProjectsDocument)).errors).toBeUndefined();
      expect((await viewer.request(ProjectsDocument)).errors).toBeUndefined();
      const third = await fetch(`${limited.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer }, body: '{"query":"{ projects { name } }"}' });
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('1');
      const body = (await third.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions).toEqual({ code: 'THROTTLED', retryAfterSeconds: 1 });
      expect((await limited.client.withApiKey(KEYS.admin).request(ProjectsDocument)).errors).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});

/** One request with full control of the headers (fetch will not send a foreign Host). */
function rawRequest(base: string, options: { path: string; method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: options.path, method: options.method, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
