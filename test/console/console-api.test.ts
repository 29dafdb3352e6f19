import { CreateDatasetCommand, CreateProjectCommand, DescribeDatasetCommand } from '@aws-sdk/client-lookoutvision';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../src/auth/api-keys';
import { Authenticator } from '../../src/auth/authenticator';
import { ConsoleDatasetEntriesDocument, ConsoleViewerDocument } from '../../src/client/generated/graphql';
import { stageSyntheticSet } from '../../src/demo/synthetic-dataset';
import { CONSOLE_DIR, FAVICON_SVG } from '../../src/server/console';
import { hostOf } from '../../src/server/landing-page';
import { startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { startGateway, type RunningGateway } from '../support/gateway-harness';
import { codesOf } from '../support/graphql-client';
import { upgradeStatus } from '../support/ws-client';

// The fields the web console needs that the API did not have (`viewer`,
// `DatasetEntry.thumbnail` / `maskThumbnail`), and how the gateway serves the
// console and GraphiQL, through real HTTP into the real gateway and engine.
const KEYS = { viewer: 'viewer-key-0123456789abcdef', inference: 'camera-key-0123456789abcdef', admin: 'admin-key-0123456789abcdef' };
const authenticator = new Authenticator(ApiKeys.fromConfig(`dashboard:viewer:${KEYS.viewer},line-3:inference:${KEYS.inference},ops:admin:${KEYS.admin}`, undefined), null);
const BUILT = existsSync(join(CONSOLE_DIR, 'index.html')) && existsSync(join(CONSOLE_DIR, 'graphiql.html'));

let engine: RunningEngine;
let keyed: RunningGateway;
let open: RunningGateway;

beforeAll(async () => {
  engine = await startEngine();
  await engine.client.send(new CreateProjectCommand({ ProjectName: 'parts' }));
  const manifest = await stageSyntheticSet(engine.dataDir, { normal: 2, anomaly: 2, masks: true, prefix: 'parts/train' });
  await engine.client.send(
    new CreateDatasetCommand({ ProjectName: 'parts', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: manifest.bucket, Key: manifest.key } } } }),
  );
  await waitFor(
    () => engine.client.send(new DescribeDatasetCommand({ ProjectName: 'parts', DatasetType: 'train' })).then((o) => o.DatasetDescription!.Status),
    (s) => s === 'CREATE_COMPLETE',
  );
  keyed = await startGateway(engine.client, { security: { authenticator } });
  open = await startGateway(engine.client);
});

afterAll(async () => {
  await keyed?.close();
  await open?.close();
  await engine?.close();
});

describe('viewer', () => {
  it.each([
    ['viewer', 'dashboard', 'VIEWER'],
    ['inference', 'line-3', 'INFERENCE'],
    ['admin', 'ops', 'ADMIN'],
  ] as const)('names a %s key and its role, never the key', async (held, name, role) => {
    const answer = await keyed.client.withApiKey(KEYS[held]).request(ConsoleViewerDocument, {});
    expect(answer.data?.viewer).toEqual({ name, role, credential: 'API_KEY', developmentMode: false });
    expect(JSON.stringify(answer)).not.toContain(KEYS[held]);
  });

  it('says development mode, with every caller an admin, when no keys are configured', async () => {
    const answer = await open.client.request(ConsoleViewerDocument, {});
    expect(answer.data?.viewer).toEqual({ name: 'development', role: 'ADMIN', credential: 'DEVELOPMENT', developmentMode: true });
  });

  it('is UNAUTHENTICATED (401) without a key, or with a wrong one', async () => {
    const none = await keyed.client.request(ConsoleViewerDocument, {});
    expect(none.status).toBe(401);
    expect(codesOf(none)).toEqual(['UNAUTHENTICATED']);
    const wrong = await keyed.client.withApiKey('not-a-key-0123456789abcdef').request(ConsoleViewerDocument, {});
    expect(codesOf(wrong)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('DatasetEntry.thumbnail and maskThumbnail', () => {
  const entries = (maxSize: number) =>
    keyed.client.withApiKey(KEYS.viewer).request(ConsoleDatasetEntriesDocument, { project: 'parts', first: 10, maxSize });

  it('gives a viewer small copies of each image (JPEG) and of the masks of anomalies (PNG), as data URLs', async () => {
    const answer = await entries(32);
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data!.datasetEntries.edges.map((e) => e.node);
    expect(nodes).toHaveLength(4);
    for (const node of nodes) {
      expect(node.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
      const meta = await sharp(dataUrlBytes(node.thumbnail!)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width!, meta.height!)).toBe(32);
      if (node.label === 'ANOMALY') {
        expect(node.maskThumbnail).toMatch(/^data:image\/png;base64,/);
        const mask = sharp(dataUrlBytes(node.maskThumbnail!));
        expect(Math.max((await mask.metadata()).width!, (await mask.metadata()).height!)).toBe(32);
        // Scaled by nearest neighbour: only the mask's own colours, no blends of them.
        const allowed = new Set(['#000000', ...node.anomalyClasses.map((c) => c.color.toLowerCase())]);
        expect([...(await colours(mask))].every((c) => allowed.has(c)), [...(await colours(mask))].join(' ')).toBe(true);
      } else {
        expect(node.maskThumbnail).toBeNull();
      }
    }
  });

  it('never enlarges an image', async () => {
    const answer = await entries(512);
    const meta = await sharp(dataUrlBytes(answer.data!.datasetEntries.edges[0].node.thumbnail!)).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThan(512);
  });

  it.each([8, 1000])('refuses maxSize %i (BAD_USER_INPUT on each entry), before reading anything', async (maxSize) => {
    const answer = await entries(maxSize);
    expect(codesOf(answer).length).toBeGreaterThan(0);
    expect(new Set(codesOf(answer))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(answer.errors![0].message).toContain('maxSize must be from 16 to 512');
  });

  it('answers null for an entry whose image S3 no longer has, and the other entries as before', async () => {
    const before = (await entries(32)).data!.datasetEntries.edges.map((e) => e.node);
    const gone = before.find((n) => n.label === 'NORMAL')!;
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(gone.sourceRef)!;
    rmSync(join(engine.dataDir, 's3', bucket, key));
    const answer = await entries(32);
    expect(answer.errors).toBeUndefined();
    const after = answer.data!.datasetEntries.edges.map((e) => e.node);
    expect(after.find((n) => n.sourceRef === gone.sourceRef)?.thumbnail).toBeNull();
    expect(after.filter((n) => n.sourceRef !== gone.sourceRef).every((n) => n.thumbnail?.startsWith('data:image/jpeg;base64,'))).toBe(true);
  });
});

describe('live status for the gateway\'s own pages', () => {
  it('lets a page of the gateway\'s own origin open a subscription socket, and still refuses other origins', async () => {
    const own = new URL(keyed.url);
    expect(await upgradeStatus(keyed.url, { origin: own.origin })).toBe(101);
    expect(await upgradeStatus(keyed.url, { origin: `http://127.0.0.1:${Number(own.port) + 1}` })).toBe(403);
    expect(await upgradeStatus(keyed.url, { origin: `http://localhost:${own.port}` })).toBe(403);
    expect(await upgradeStatus(keyed.url, { origin: 'https://evil.example' })).toBe(403);
  });
});

describe.skipIf(!BUILT)('the console and GraphiQL pages', () => {
  it('serve /console/ and every path under it (the app routes itself) with a CSP for self-hosted scripts, workers, data: images and same-origin sockets', async () => {
    for (const path of ['/console/', '/console/projects/parts']) {
      const res = await fetch(`${keyed.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toContain('<div id="root">');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("worker-src 'self'");
      expect(csp).toContain("img-src 'self' data: blob:");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
    const redirect = await fetch(`${keyed.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8'))![1];
    const script = await fetch(`${keyed.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${keyed.url}/console/assets/nothing-here.js`)).status).toBe(404);
  });

  it('answer GET /graphql from a browser with the offline GraphiQL, and everything else as GraphQL', async () => {
    const page = await fetch(`${keyed.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    // Not the browser page: Apollo's answer (here: no credentials).
    const api = await fetch(`${keyed.url}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(401);
    const json = await fetch(`${keyed.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(401);
  });

  it('links / to the console and GraphiQL', async () => {
    const html = await (await fetch(`${keyed.url}/`)).text();
    expect(html).toContain('href="/console/"');
    expect(html).toContain('href="/graphql"');
    expect(html).toContain('rel="icon"');
  });
});

describe('the landing page and the favicon', () => {
  it("shows the curl example with the host:port the caller used (its Host header), not a placeholder", async () => {
    expect(await (await fetch(`${keyed.url}/`)).text()).toContain(`curl -s ${keyed.url}/graphql`);
    const { port } = new URL(keyed.url);
    const other = await rawGet(keyed.url, '/', { host: `localhost:${port}` });
    expect(other.body).toContain(`curl -s http://localhost:${port}/graphql`);
    expect(other.body).not.toContain('localhost:PORT');
  });

  it('never echoes a Host header that is not a plain host:port', () => {
    expect(hostOf('gateway.example:4000')).toBe('gateway.example:4000');
    expect(hostOf('[::1]:4000')).toBe('[::1]:4000');
    expect(hostOf('x"><script>alert(1)</script>')).toBe('localhost:PORT');
    expect(hostOf("a.example; rm -rf /")).toBe('localhost:PORT');
    expect(hostOf(undefined)).toBe('localhost:PORT');
  });

  it('serves a favicon (an SVG) at /favicon.ico and /favicon.svg, to any caller', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const res = await fetch(`${keyed.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');
      expect(await res.text()).toBe(FAVICON_SVG);
    }
  });
});

/** A GET with headers fetch will not send (Host). */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function dataUrlBytes(url: string): Buffer {
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

async function colours(image: Sharp): Promise<Set<string>> {
  const { data, info } = await image.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const seen = new Set<string>();
  for (let i = 0; i < data.length; i += info.channels) seen.add(`#${[data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`);
  return seen;
}
