import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DetectAnomaliesDocument,
  ModelStatusDocument,
  ModelVersionsDocument,
  ProjectDocument,
  ProjectsWithModelsDocument,
  StartModelDocument,
  StopModelDocument,
} from '../src/client/generated/graphql';
import { syntheticPart } from '../src/demo/synthetic-parts';
import { HAVE_BUILD, startChildEngine, type ChildEngine } from './support/child-engine';
import { startChildGateway, type ChildGateway } from './support/child-gateway';
import { startEngine, tempDataDir } from './support/engine-harness';
import {
  LoadClient,
  LoadRecorder,
  boundedLoop,
  classify,
  failureCode,
  formatTally,
  pollFor,
  sleep,
  splitEngineDetect,
  splitUpload,
  type RequestRecord,
} from './support/fault-load';
import { describeModel, modelFromOneTraining, projectWithDataset } from './support/model-fixtures';

// The fault tests: kill -9 and SIGTERM of the gateway and of the
// engine while a bounded loopback load of queries, uploads and start/stop
// runs. Clients must only ever see answers or typed errors, requests the
// server had received must be answered on SIGTERM, and the data must be whole
// after a restart. Every loop is bounded in count and time.

const PROJECT = 'parts';
const KEYS = { viewer: 'viewer-key-0123456789abcdef', inference: 'infer-key-0123456789abcdef', admin: 'admin-key-0123456789abcdef' };
const GATEWAY_ENV: Record<string, string> = {
  API_KEYS: `viewer:viewer:${KEYS.viewer},infer:inference:${KEYS.inference},ops:admin:${KEYS.admin}`,
  LOOKOUT_DEMO: '0',
  // The load is ours and bounded; the per-caller rate limit is not what is under test.
  RATE_LIMIT_PER_SECOND: '5000',
  RATE_LIMIT_BURST: '5000',
  SHUTDOWN_GRACE_MS: '8000',
};
const GATEWAY_GRACE_MS = 8_000;
/** The engine CLI's own grace for requests in flight on SIGTERM (src/cli/engine-command.ts). */
const ENGINE_GRACE_MS = 10_000;
/** A request sent this long before a SIGTERM has certainly been read by the server. */
const RECEIVED_MARGIN_MS = 250;

let template: string;
let version: string;
let f1Score: number | undefined;
let image: Buffer;
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  // One trained model, made once by an in-process engine; each scenario runs on its own copy.
  template = tempDataDir('lookout-faults-template-');
  dirs.push(template);
  const engine = await startEngine({ dataDir: template });
  try {
    await projectWithDataset(engine.client, template, PROJECT, { normal: 20, anomaly: 10 });
    version = await modelFromOneTraining(engine, PROJECT);
    f1Score = (await describeModel(engine.client, PROJECT, version)).Performance?.F1Score;
  } finally {
    await engine.close({ removeData: false });
  }
  image = (await syntheticPart('normal', 4242)).png;
}, 120_000);

afterAll(() => {
  // Only our own children, by their handles, and only those still running.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function copyOfTemplate(name: string): string {
  const dir = tempDataDir(`lookout-faults-${name}-`);
  dirs.push(dir);
  cpSync(template, dir, { recursive: true });
  return dir;
}

async function gatewayOn(dataDir: string, env: Record<string, string> = {}): Promise<ChildGateway> {
  const gateway = await startChildGateway(dataDir, { ...GATEWAY_ENV, ...env });
  children.push(gateway.process);
  return gateway;
}

async function engineOn(dataDir: string, args: string[] = []): Promise<ChildEngine> {
  const engine = await startChildEngine(dataDir, args);
  children.push(engine.process);
  return engine;
}

/** Resolves with `promise`, or fails naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} (after ${ms} ms)`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface Clients {
  viewer: LoadClient;
  inference: LoadClient;
  admin: LoadClient;
}

function clientsOf(recorder: LoadRecorder, url: string): Clients {
  return { viewer: new LoadClient(recorder, url, KEYS.viewer), inference: new LoadClient(recorder, url, KEYS.inference), admin: new LoadClient(recorder, url, KEYS.admin) };
}

const model = () => ({ project: PROJECT, version });

/**
 * The readers and uploaders: `queryLoops` loops of projects-with-model-versions
 * and project-with-datasets queries, `detectLoops` loops of detectAnomalies
 * uploads of a valid image. Bounded: 1,500 requests and 60 s per loop.
 */
function readersAndUploaders(c: Clients, running: () => boolean, { queryLoops = 2, detectLoops = 3 } = {}): Promise<number[]> {
  const bounds = { maxIterations: 1_500, maxMs: 60_000, pauseMs: 15 };
  return Promise.all([
    ...Array.from({ length: queryLoops }, () =>
      boundedLoop(running, async (i) => void (await (i % 2 === 0 ? c.viewer.request('query', ProjectsWithModelsDocument) : c.viewer.request('query', ProjectDocument, { name: PROJECT }))), bounds),
    ),
    ...Array.from({ length: detectLoops }, () => boundedLoop(running, async () => void (await c.inference.upload(DetectAnomaliesDocument, model(), image)), bounds)),
  ]);
}

type AdminEvent = 'hosted' | 'trained' | 'start-acked' | 'stop-acked';

/**
 * The operator: waits for the model to settle, holds it HOSTED (or TRAINED)
 * a while, then stops (or starts) it; at most 8 cycles. `onEvent` sees each
 * step as it happens (ms since the load began) and may halt the loop, e.g.
 * to inject a fault at that exact point.
 */
async function operator(c: Clients, running: () => boolean, onEvent: (event: AdminEvent, at: number) => 'continue' | 'halt', hold = { hostedMs: 1_200, trainedMs: 400 }): Promise<AdminEvent[]> {
  const events: AdminEvent[] = [];
  let halted = false;
  const go = () => running() && !halted;
  const emit = (event: AdminEvent) => {
    events.push(event);
    if (onEvent(event, c.admin.recorder.now()) === 'halt') halted = true;
  };
  const settle = async (): Promise<string | null> => {
    for (let i = 0; i < 100 && go(); i++) {
      const { record, data } = await c.viewer.request('poll', ModelStatusDocument, model());
      if (record.outcome === 'connection') return null;
      const status = data?.modelStatus?.status;
      if (status === 'HOSTED' || status === 'TRAINED') return status;
      await sleep(150);
    }
    return null;
  };
  for (let cycle = 0; cycle < 8 && go(); cycle++) {
    const status = await settle();
    if (!status || !go()) break;
    emit(status === 'HOSTED' ? 'hosted' : 'trained');
    if (!go()) break;
    await sleep(status === 'HOSTED' ? hold.hostedMs : hold.trainedMs);
    if (!go()) break;
    const change =
      status === 'HOSTED'
        ? await c.admin.request('admin', StopModelDocument, model())
        : await c.admin.request('admin', StartModelDocument, { ...model(), minInferenceUnits: 1, maxInferenceUnits: 1 });
    if (change.record.outcome === 'connection') break;
    if (change.record.outcome === 'success') emit(status === 'HOSTED' ? 'stop-acked' : 'start-acked');
  }
  return events;
}

/** One GraphQL request outside the load, which must succeed; returns its data. */
async function must<TData, TVars>(c: LoadClient, document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData> {
  const { record, data } = await c.request('admin', document, variables);
  expect(record.outcome, `${print(document).slice(0, 60)}: ${JSON.stringify(record)}`).toBe('success');
  return data as TData;
}

async function modelStatus(c: Clients): Promise<string | undefined> {
  const { data } = await c.viewer.request('poll', ModelStatusDocument, model());
  return data?.modelStatus?.status;
}

const settledStatus = (c: Clients, timeoutMs = 60_000) =>
  pollFor('the model to settle', () => modelStatus(c), (s) => s !== undefined && !['STARTING_HOSTING', 'STOPPING_HOSTING'].includes(s), timeoutMs);

async function hostModel(c: Clients): Promise<void> {
  await must(c.admin, StartModelDocument, { ...model(), minInferenceUnits: 1, maxInferenceUnits: 1 });
  expect(await settledStatus(c)).toBe('HOSTED');
}

async function stopModel(c: Clients): Promise<void> {
  await must(c.admin, StopModelDocument, model());
  expect(await settledStatus(c)).toBe('TRAINED');
}

async function detectOnce(c: Clients): Promise<void> {
  const { record, data } = await c.inference.upload(DetectAnomaliesDocument, model(), image);
  expect(record.outcome, JSON.stringify(record)).toBe('success');
  expect(typeof data?.detectAnomalies?.isAnomalous).toBe('boolean');
}

/**
 * After a restart: the project, its dataset with every image, and the model
 * with its performance are there; the model settles to `expected` and can
 * still be hosted, used for a detection and stopped.
 */
async function expectIntact(url: string, expected: 'HOSTED' | 'TRAINED'): Promise<void> {
  const c = clientsOf(new LoadRecorder(), url);
  const projects = await must(c.viewer, ProjectsWithModelsDocument);
  expect(projects.projects.map((p) => p.name)).toEqual([PROJECT]);
  expect(projects.projects[0].modelVersions.map((m) => m.version)).toEqual([version]);
  const project = await must(c.viewer, ProjectDocument, { name: PROJECT });
  expect(project.project?.datasets).toEqual([
    { type: 'TRAIN', status: 'CREATE_COMPLETE', statusMessage: expect.any(String), imageStats: { total: 30, labeled: 30, normal: 20, anomaly: 10 } },
  ]);
  const versions = await must(c.viewer, ModelVersionsDocument, { project: PROJECT });
  expect(versions.modelVersions.map((m) => [m.version, m.performance?.f1Score])).toEqual([[version, f1Score]]);

  // STARTING_HOSTING / STOPPING_HOSTING settle; a model that was hosted is hosted again.
  expect(await settledStatus(c)).toBe(expected);
  if (expected === 'TRAINED') await hostModel(c);
  await detectOnce(c);
  await stopModel(c);
}

/** Waits for a child to exit; resolves with its code and how long that took. */
async function exitOf(child: ChildProcess, exited: Promise<unknown>, sinceMs: number, timeoutMs: number): Promise<{ code: number | null; ms: number }> {
  await within(exited, timeoutMs, `pid ${child.pid} did not exit`);
  return { code: child.exitCode, ms: Date.now() - sinceMs };
}

async function readyz(url: string): Promise<{ status: number; body: { code?: string } } | null> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.json()) as { code?: string } };
  } catch {
    return null;
  }
}

const line = (label: string, text: string) => console.log(`[faults] ${label}: ${text}`);

describe.skipIf(!HAVE_BUILD)('faults under a bounded loopback load (needs `npm run build`)', () => {
  it('kill -9 of the gateway with its embedded engine: only answers or typed errors, and everything is there after a restart', async () => {
    const dir = copyOfTemplate('kill-gateway');
    const gateway = await gatewayOn(dir);
    const recorder = new LoadRecorder();
    const c = clientsOf(recorder, gateway.url);
    await hostModel(c);

    let running = true;
    let killedAt = Infinity;
    const killed = deferred();
    const load = readersAndUploaders(c, () => running);
    // Killed the moment a startModel has been acknowledged: the model is STARTING_HOSTING (or just HOSTED) on disk.
    const admin = operator(c, () => running, (event, at) => {
      if (event !== 'start-acked' || at < 1_500) return 'continue';
      killedAt = recorder.now();
      gateway.process.kill('SIGKILL');
      killed.resolve();
      return 'halt';
    });
    await within(killed.promise, 30_000, 'the operator never acknowledged a startModel after 1.5 s of load');
    await within(gateway.exited, 10_000, 'the killed gateway did not exit');
    running = false;
    const events = await admin;
    await load;

    const before = recorder.tally((r) => r.end < killedAt);
    const after = recorder.tally((r) => r.end >= killedAt);
    line('kill -9 gateway+engine', `killed at ${killedAt} ms after ${events.join(' > ')}; before: ${formatTally(before)}; at/after: ${formatTally(after)}`);
    expect(before.others, 'answers before the kill').toEqual([]);
    expect(before.connection, 'connection failures before the kill').toBe(0);
    expect(after.others, 'answers that arrived around the kill').toEqual([]);
    expect(recorder.tally((r) => r.kind === 'query' && r.end < killedAt).success).toBeGreaterThanOrEqual(10);
    expect(recorder.tally((r) => r.kind === 'detect' && r.end < killedAt).success).toBeGreaterThanOrEqual(5);

    const restarted = await gatewayOn(dir);
    try {
      await expectIntact(restarted.url, 'HOSTED');
    } finally {
      restarted.process.kill('SIGTERM');
    }
    expect(await within(restarted.exited, 20_000, 'the restarted gateway did not stop')).toBe(0);
  }, 120_000);

  it('SIGTERM of the gateway with its embedded engine: requests in flight are answered, exit 0 within the grace period, everything is there after a restart', async () => {
    const dir = copyOfTemplate('term-gateway');
    const gateway = await gatewayOn(dir);
    const recorder = new LoadRecorder();
    const c = clientsOf(recorder, gateway.url);

    let running = true;
    const hosted = deferred();
    const load = readersAndUploaders(c, () => running);
    // The operator starts the model; the SIGTERM comes while it is HOSTED and detections run.
    const admin = operator(c, () => running, (event, at) => {
      if (event !== 'hosted' || at < 1_000) return 'continue';
      hosted.resolve();
      return 'halt';
    });
    await within(hosted.promise, 30_000, 'the model never became HOSTED under load');
    await sleep(400);
    // Two uploads certainly received and unfinished when the signal comes: their files are completed after it.
    const slow = [0, 1].map(() => splitUpload(gateway.url, KEYS.inference, print(DetectAnomaliesDocument), model(), image));
    await sleep(400);
    const signalledAt = recorder.now();
    const signalled = Date.now();
    gateway.process.kill('SIGTERM');
    await sleep(300);
    for (const s of slow) s.finish();
    const exit = await exitOf(gateway.process, gateway.exited, signalled, GATEWAY_GRACE_MS + 10_000);
    running = false;
    const events = await admin;
    await load;
    const slowAnswers = await Promise.all(slow.map((s) => s.answer));

    const received = (r: RequestRecord) => r.start < signalledAt - RECEIVED_MARGIN_MS;
    const inFlight = recorder.tally((r) => r.start < signalledAt && r.end >= signalledAt);
    const all = recorder.tally();
    line(
      'SIGTERM gateway+engine',
      `SIGTERM at ${signalledAt} ms after ${events.join(' > ')}; exit ${exit.code} after ${exit.ms} ms; ` +
        `all: ${formatTally(all)}; in flight at SIGTERM: ${formatTally(inFlight)}; split uploads: ${slowAnswers.map((a) => a.status ?? a.failure).join(', ')}`,
    );
    expect(all.others, 'answers').toEqual([]);
    const cut = recorder.records.filter((r) => r.outcome === 'connection' && (received(r) || r.end - r.start > RECEIVED_MARGIN_MS));
    expect(cut, 'requests received before the SIGTERM but never answered').toEqual([]);
    for (const answer of slowAnswers) {
      expect(answer.status, JSON.stringify(answer)).toBe(200);
      const sorted = classify(answer.status!, answer.text!);
      expect(sorted.outcome, answer.text).toBe('success');
    }
    expect(exit.code, gateway.output().slice(-2000)).toBe(0);
    expect(exit.ms).toBeLessThan(GATEWAY_GRACE_MS);
    expect(recorder.tally((r) => r.kind === 'query' && r.end < signalledAt).success).toBeGreaterThanOrEqual(10);
    expect(recorder.tally((r) => r.kind === 'detect' && r.end < signalledAt).success).toBeGreaterThanOrEqual(3);

    const restarted = await gatewayOn(dir);
    try {
      await expectIntact(restarted.url, 'HOSTED');
    } finally {
      restarted.process.kill('SIGTERM');
    }
    expect(await within(restarted.exited, 20_000, 'the restarted gateway did not stop')).toBe(0);
  }, 120_000);

  it('a separate engine killed -9, then SIGTERMed, under load: the gateway answers UPSTREAM_UNAVAILABLE without hanging, recovers by itself, and the data is intact', async () => {
    const dir = copyOfTemplate('engine');
    let engine = await engineOn(dir);
    const port = new URL(engine.url).port;
    const upstream = { UPSTREAM_READ_TIMEOUT_MS: '2000', UPSTREAM_CHANGE_TIMEOUT_MS: '3000', UPSTREAM_DETECT_TIMEOUT_MS: '3000' };
    const deadlineMs = 3_000;
    const gatewayDir = tempDataDir('lookout-faults-gateway-');
    dirs.push(gatewayDir);
    const gateway = await gatewayOn(gatewayDir, { LOOKOUT_ENDPOINT: engine.url, ...upstream });
    const recorder = new LoadRecorder();
    const c = clientsOf(recorder, gateway.url);
    try {
      await hostModel(c);
      let running = true;
      let killedAt = Infinity;
      const killed = deferred();
      const load = readersAndUploaders(c, () => running);
      // Killed the moment a stopModel has been acknowledged: the model is STOPPING_HOSTING (or just TRAINED) on disk.
      const admin = operator(c, () => running, (event, at) => {
        if (event !== 'stop-acked' || at < 1_000) return 'continue';
        killedAt = recorder.now();
        engine.process.kill('SIGKILL');
        killed.resolve();
        return 'halt';
      });
      await within(killed.promise, 30_000, 'the operator never acknowledged a stopModel after 1 s of load');
      await within(engine.exited, 10_000, 'the killed engine did not exit');
      const downAt = recorder.now();
      const events = await admin;

      // The engine is down: the gateway keeps answering, typed, within its upstream deadlines.
      await sleep(1_500);
      const notReady = await readyz(gateway.url);
      expect(notReady).toEqual({ status: 503, body: { status: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' } });
      const restartAt = recorder.now();
      engine = await engineOn(dir, ['--port', port]);
      await pollFor('/readyz to answer 200 again', () => readyz(gateway.url), (r) => r?.status === 200, 20_000);
      const recoveredAt = recorder.now();

      // The gateway recovered by itself: queries succeed again; the stopped model settled to TRAINED.
      await pollFor('queries to succeed again', async () => recorder.tally((r) => r.kind === 'query' && r.start >= recoveredAt).success, (n) => n >= 5, 15_000);
      expect(await settledStatus(c)).toBe('TRAINED');
      await hostModel(c);
      const hostedAt = recorder.now();
      await pollFor('detections to succeed again', async () => recorder.tally((r) => r.kind === 'detect' && r.start >= hostedAt).success, (n) => n >= 5, 15_000);

      // Then SIGTERM under the same load, with detections sent straight to the engine too:
      // two certainly received and unfinished when the signal comes, and a keep-alive loop.
      let direct = true;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const directLoop = boundedLoop(() => direct, () => engineDetect(recorder, engine.url, agent), { maxIterations: 2_000, maxMs: 60_000, pauseMs: 15 });
      await sleep(500);
      const slow = [0, 1].map(() => splitEngineDetect(engine.url, PROJECT, version, image));
      await sleep(400);
      const signalledAt = recorder.now();
      const signalled = Date.now();
      engine.process.kill('SIGTERM');
      await sleep(300);
      for (const s of slow) s.finish();
      const exit = await exitOf(engine.process, engine.exited, signalled, ENGINE_GRACE_MS + 15_000);
      const engineGoneAt = recorder.now();
      await sleep(500);
      running = false;
      direct = false;
      await load;
      await directLoop;
      agent.destroy();
      const slowAnswers = await Promise.all(slow.map((s) => s.answer));

      const down = recorder.tally((r) => r.kind !== 'engine' && r.start >= downAt && r.end <= restartAt);
      const phaseA = recorder.tally((r) => r.kind !== 'engine' && r.end < killedAt);
      const recovered = recorder.tally((r) => r.kind !== 'engine' && r.start >= recoveredAt && r.end < signalledAt);
      const afterTerm = recorder.tally((r) => r.kind !== 'engine' && r.start >= signalledAt);
      const directTally = recorder.tally((r) => r.kind === 'engine');
      const servedDuringShutdown = recorder.tally((r) => r.kind === 'engine' && r.start >= signalledAt + 300).success;
      const slowest = Math.max(...recorder.records.filter((r) => r.kind !== 'engine' && r.start >= downAt && r.end <= restartAt).map((r) => r.end - r.start));
      const slowestOverall = Math.max(...recorder.records.filter((r) => r.kind !== 'engine').map((r) => r.end - r.start));
      line(
        'kill -9 engine',
        `killed at ${killedAt} ms after ${events.join(' > ')}; before: ${formatTally(phaseA)}; while down: ${formatTally(down)} (slowest ${slowest} ms); ` +
          `recovered after ${recoveredAt - restartAt} ms; then: ${formatTally(recovered)}; slowest gateway answer of the scenario ${slowestOverall} ms`,
      );
      line(
        'SIGTERM engine',
        `exit ${exit.code} after ${exit.ms} ms; gateway from the SIGTERM on: ${formatTally(afterTerm)}; direct to the engine: ${formatTally(directTally)}, ${servedDuringShutdown} of them sent 300+ ms after the SIGTERM and served; ` +
          `split detections: ${slowAnswers.map((a) => a.status ?? a.failure).join(', ')}`,
      );

      expect(recorder.tally((r) => r.kind !== 'engine').others, 'gateway answers').toEqual([]);
      expect(recorder.tally((r) => r.kind !== 'engine').connection, 'the gateway never stopped answering').toBe(0);
      expect(phaseA.success).toBeGreaterThanOrEqual(10);
      expect(down.typed).toBeGreaterThanOrEqual(5);
      expect(down.success).toBe(0);
      expect(Object.keys(down.codes)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(slowest, 'no request hangs past the upstream deadline while the engine is down').toBeLessThan(deadlineMs + 2_000);
      expect(slowestOverall, 'nor at any other moment of the scenario').toBeLessThan(deadlineMs + 2_000);
      expect(recovered.success).toBeGreaterThanOrEqual(10);

      expect(directTally.others, 'answers straight from the engine').toEqual([]);
      const cut = recorder.records.filter((r) => r.kind === 'engine' && r.outcome === 'connection' && (r.start < signalledAt - RECEIVED_MARGIN_MS || r.end - r.start > RECEIVED_MARGIN_MS));
      expect(cut, 'detections the engine had received but never answered').toEqual([]);
      for (const answer of slowAnswers) {
        expect(answer.status, JSON.stringify(answer)).toBe(200);
        expect(JSON.parse(answer.text!)).toMatchObject({ DetectAnomalyResult: { IsAnomalous: expect.any(Boolean) } });
      }
      expect(exit.code).toBe(0);
      expect(exit.ms, 'the engine exits once what it had received is answered, not at the end of its grace period').toBeLessThan(ENGINE_GRACE_MS);
      expect(engineGoneAt).toBeGreaterThan(signalledAt);

      // Back on the same port and data: the gateway recovers again; the hosted model is hosted again.
      engine = await engineOn(dir, ['--port', port]);
      await pollFor('/readyz to answer 200 after the second restart', () => readyz(gateway.url), (r) => r?.status === 200, 20_000);
      await expectIntact(gateway.url, 'HOSTED');
    } finally {
      gateway.process.kill('SIGTERM');
      engine.process.kill('SIGTERM');
    }
    expect(await within(gateway.exited, 20_000, 'the gateway did not stop')).toBe(0);
    await within(engine.exited, 20_000, 'the engine did not stop');
    expect(engine.process.exitCode).toBe(0);
  }, 150_000);
});

/** One DetectAnomalies straight to the engine over a keep-alive connection, recorded as kind `engine`. */
function engineDetect(recorder: LoadRecorder, engineUrl: string, agent: http.Agent): Promise<void> {
  const start = recorder.now();
  return new Promise<void>((resolve) => {
    const done = (record: Omit<RequestRecord, 'kind' | 'start' | 'end'>) => {
      recorder.push({ kind: 'engine', start, end: recorder.now(), ...record });
      resolve();
    };
    const req = http.request(`${engineUrl}/2020-11-20/projects/${PROJECT}/models/${version}/detect`, {
      method: 'POST',
      agent,
      timeout: 20_000,
      headers: { 'content-type': 'image/png', 'content-length': String(image.length) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const errorType = String(res.headers['x-amzn-errortype'] ?? '').split(':')[0];
        if (status === 200) return done({ outcome: 'success', status, codes: [] });
        // Lookout's typed errors: 4xx with an error type. A 5xx is an internal failure.
        if (status < 500 && errorType) return done({ outcome: 'typed', status, codes: [errorType] });
        done({ outcome: 'other', status, codes: [errorType], detail: text.slice(0, 200) });
      });
      res.on('error', (error) => done({ outcome: 'connection', codes: [failureCode(error)] }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in 20 s'), { code: 'TIMEOUT' })));
    req.on('error', (error) => {
      const code = failureCode(error);
      done(code === 'TIMEOUT' ? { outcome: 'other', codes: [code], detail: 'no answer in 20 s' } : { outcome: 'connection', codes: [code] });
    });
    req.end(image);
  });
}
