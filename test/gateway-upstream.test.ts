import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ProjectsDocument } from '../src/client/generated/graphql';
import { buildEngine, type Engine } from '../src/engine/build-engine';
import { listen } from '../src/server/listen';
import { createLookoutClient } from '../src/server/lookout-client';
import { tempDataDir, waitFor } from './support/engine-harness';
import { splitUpload } from './support/fault-load';
import { makeImage } from './support/images';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';

// The Lookout endpoint down, stalled, and back: typed answers within the
// configured deadlines, and the gateway recovers without a restart.
const cleanup: (() => Promise<void>)[] = [];
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});
const sdkWarnings = () => warn.mock.calls.map((args) => String(args[0])).filter((line) => line.includes('@smithy'));
afterEach(async () => {
  warn.mockRestore();
  for (const step of cleanup.splice(0).reverse()) await step();
});

// The SDK's own requestTimeout below the deadlines: it must only ever log, and a streamed upload not even that.
async function gatewayFor(endpoint: string, timeouts = { upstreamReadTimeoutMs: 800, upstreamChangeTimeoutMs: 800, upstreamDetectTimeoutMs: 800 }): Promise<RunningGateway> {
  const gateway = await startGateway(createLookoutClient({ region: 'us-east-1', endpoint, requestTimeoutMs: 400 }, {}), timeouts);
  cleanup.push(() => gateway.close());
  return gateway;
}

/**
 * A gateway over the real engine, except that its detections go to `detect`;
 * the gateway has heard the engine say it takes streamed images.
 */
async function gatewayOverEngineWith(detect: (req: IncomingMessage, res: ServerResponse, engine: Engine) => void): Promise<RunningGateway> {
  const engine = buildEngine({ dataDir: tempDataDir(), log: () => {} });
  const http = await listen((req, res) => (req.url?.endsWith('/detect') ? detect(req, res, engine) : engine.handler(req, res)), 0, '127.0.0.1');
  cleanup.push(async () => {
    await http.close();
    await engine.close();
  });
  const gateway = await gatewayFor(http.url);
  expect((await gateway.client.request(ProjectsDocument)).errors).toBeUndefined();
  return gateway;
}

const DETECT = 'mutation($file: Upload!) { detectAnomalies(project: "parts", version: "1", file: $file) { isAnomalous } }';

describe('upstream faults', () => {
  it('answers UPSTREAM_UNAVAILABLE within the read deadline when the endpoint accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const stalled: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    cleanup.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => stalled.close(r));
    });
    const port = (stalled.address() as { port: number }).port;
    const gateway = await gatewayFor(`http://127.0.0.1:${port}`);
    const started = Date.now();
    const res = await gateway.client.request(ProjectsDocument);
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(503);
  });

  it('streams a detection to the engine while the upload arrives, and counts its deadline from the upload\'s last byte', async () => {
    const detections: { started: number; ended?: number }[] = [];
    // A detection is read to its end and never answered.
    const gateway = await gatewayOverEngineWith((req) => {
      const detection: { started: number; ended?: number } = { started: Date.now() };
      detections.push(detection);
      req.on('end', () => (detection.ended = Date.now())).resume();
    });
    const upload = splitUpload(gateway.url, 'any', DETECT, {}, await makeImage('png', 256, 256));
    let answered = false;
    void upload.answer.then(() => (answered = true));
    await waitFor(async () => detections.length, (n) => n === 1);
    expect(detections[0].ended).toBeUndefined();
    // Longer than the 800 ms deadline, while the second half of the upload is held back.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(answered).toBe(false);
    const finished = Date.now();
    upload.finish();
    const answer = await upload.answer;
    expect(answer.status).toBe(200);
    expect(codesOf(JSON.parse(answer.text!))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(detections[0].ended).toBeGreaterThanOrEqual(finished);
    // The upload outlived the SDK's requestTimeout (400 ms) by design: nothing to warn of.
    expect(sdkWarnings()).toEqual([]);
  });

  it('sends a streamed image again whole when the engine cuts the stream off before the upload has all come', async () => {
    const detections: string[] = [];
    // The first detection is answered 408 after its first bytes, as a request time limit does; the rest by the engine.
    const gateway = await gatewayOverEngineWith((req, res, engine) => {
      detections.push(String(req.headers['x-amz-content-sha256']));
      if (detections.length > 1) return engine.handler(req, res);
      req.once('data', () => res.writeHead(408, { connection: 'close' }).end());
    });
    const upload = splitUpload(gateway.url, 'any', DETECT, {}, await makeImage('png', 256, 256));
    await waitFor(async () => detections.length, (n) => n === 1);
    upload.finish();
    const answer = await upload.answer;
    // The engine has no such project: its answer to the image sent whole.
    expect(codesOf(JSON.parse(answer.text!))).toEqual(['NOT_FOUND']);
    expect(detections).toEqual(['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('answers UPSTREAM_UNAVAILABLE at once when nothing listens, then recovers by itself when the engine comes back', async () => {
    const dataDir = tempDataDir();
    const first = buildEngine({ dataDir, log: () => {} });
    const http = await listen(first.handler, 0, '127.0.0.1');
    const url = http.url;
    await http.close();
    await first.close();

    const gateway = await gatewayFor(url);
    const started = Date.now();
    expect(codesOf(await gateway.client.request(ProjectsDocument))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await (await fetch(`${gateway.url}/readyz`)).json()).toEqual({ status: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' });

    // The same endpoint comes back: no restart of the gateway is needed.
    const again = buildEngine({ dataDir, log: () => {} });
    const back = await listen(again.handler, Number(new URL(url).port), '127.0.0.1');
    cleanup.push(async () => {
      await back.close();
      await again.close();
    });
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    const res = await gateway.client.request(ProjectsDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects).toEqual([]);
  });
});
