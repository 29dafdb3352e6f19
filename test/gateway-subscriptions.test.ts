import { StartModelCommand, StopModelCommand, type LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import type { GraphQLFormattedError } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../src/auth/api-keys';
import { Authenticator } from '../src/auth/authenticator';
import {
  ModelStatusChangedDocument,
  ProjectsDocument,
  StartModelDocument,
  StopModelDocument,
  type ModelStatusChangedSubscription,
} from '../src/client/generated/graphql';
import { ModelStatus } from '../src/schema/enums';
import { loadSecurityConfig } from '../src/server/security-config';
import { countCommands } from './support/command-counter';
import { sdkClient, startEngine, waitFor, type RunningEngine } from './support/engine-harness';
import { startGateway, type GatewayOptions, type RunningGateway } from './support/gateway-harness';
import { postgresBackend, sqliteBackend } from './state/state-backends';
import { modelFromOneTraining, projectWithDataset } from './support/model-fixtures';
import { Subscription, connectionOutcome, subscriptionClient, upgradeStatus } from './support/ws-client';

// modelStatusChanged over graphql-ws, end to end: real sockets into real
// gateways over the real engine and a trained model, with graphql-ws's own
// client. One model, moved by the tests in order.

const KEYS = { viewer: 'viewer-key-0123456789abcdef', admin: 'admin-key-0123456789abcdef' };
const authenticator = new Authenticator(ApiKeys.fromConfig(`dashboard:viewer:${KEYS.viewer},ops-console:admin:${KEYS.admin}`, undefined), null);
const AS_VIEWER = { authorization: `Bearer ${KEYS.viewer}` };

let engine: RunningEngine;
let version: string;
/** Every gateway a test starts, with its own SDK client and that client's command counts, closed after. */
const started: { gateway: RunningGateway; sent: ReturnType<typeof countCommands> }[] = [];
const clients: Client[] = [];

type Change = ModelStatusChangedSubscription['modelStatusChanged'];

async function gatewayWith(options: GatewayOptions = {}): Promise<{ gateway: RunningGateway; sent: ReturnType<typeof countCommands> }> {
  // A client of its own per gateway, so its DescribeModel calls can be counted apart from the test's.
  const lookout: LookoutVisionClient = sdkClient(engine.url);
  const sent = countCommands(lookout);
  const gateway = await startGateway(lookout, { security: { authenticator }, ...options });
  started.push({ gateway, sent });
  return { gateway, sent };
}

function subscribe(gateway: RunningGateway, model = { project: 'line-3', version }, connectionParams: Record<string, unknown> = AS_VIEWER) {
  const client = subscriptionClient(gateway.url, connectionParams);
  clients.push(client);
  return new Subscription(client, ModelStatusChangedDocument, model);
}

const changes = (s: Subscription<ModelStatusChangedSubscription>): Change[] => s.results.flatMap((r) => (r.data ? [r.data.modelStatusChanged] : []));
/** The statuses heard, each once per run of it (a statusMessage change repeats the status). */
const statuses = (s: Subscription<ModelStatusChangedSubscription>) => changes(s).map((c) => c.status).filter((status, i, all) => status !== all[i - 1]);
const heard = (status: ModelStatus) => (s: Subscription<ModelStatusChangedSubscription>) => statuses(s).includes(status);
const codesOf = (errors: unknown) => (errors as GraphQLFormattedError[]).map((e) => e.extensions?.code);

/** startModel / stopModel through the gateway, as an admin: the model runtime announces each answer to the watcher. */
async function startThrough(gateway: RunningGateway): Promise<void> {
  const res = await gateway.client.withApiKey(KEYS.admin).request(StartModelDocument, { project: 'line-3', version, minInferenceUnits: 1 });
  expect(res.errors).toBeUndefined();
}

async function stopThrough(gateway: RunningGateway): Promise<void> {
  const res = await gateway.client.withApiKey(KEYS.admin).request(StopModelDocument, { project: 'line-3', version });
  expect(res.errors).toBeUndefined();
}

/**
 * Two replicas' state stores over one database: PostgreSQL's LISTEN/NOTIFY
 * between connections, as replicas on several machines use it; and two
 * SQLite stores of one file, whose notifications are delivered within the
 * process, so the test runs where PostgreSQL is not installed.
 */
const REPLICA_BACKENDS = [postgresBackend(), sqliteBackend()];

/** Sockets, servers and timers that keep the process alive, beyond those there were before this file began. */
function leftovers(before: string[]): string[] {
  const now = process.getActiveResourcesInfo().filter((kind) => /^(TCPSocketWrap|TCPServerWrap|Timeout)$/.test(kind));
  for (const kind of before) now.splice(now.indexOf(kind), now.includes(kind) ? 1 : 0);
  return now;
}
let handlesBefore: string[];

beforeAll(async () => {
  handlesBefore = leftovers([]);
  engine = await startEngine();
  await projectWithDataset(engine.client, engine.dataDir, 'line-3', { normal: 20, anomaly: 10 });
  version = await modelFromOneTraining(engine, 'line-3');
});
/** Closes every gateway started so far, then checks that nothing of them outlives them. */
async function closeGateways(): Promise<void> {
  const gateways = started.splice(0).map((s) => s.gateway);
  // All closed before any is checked, so one failing check leaves nothing running.
  await Promise.all(gateways.map((gateway) => gateway.close()));
  for (const gateway of gateways) {
    expect(gateway.statusWatcher.watching).toBe(0);
    expect(gateway.subscriptionClients()).toBe(0);
    // Every refusal in these tests is a client's mistake: none is logged as the gateway's failure.
    expect(gateway.logged).toEqual([]);
  }
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await closeGateways();
});
afterAll(async () => {
  await engine?.close();
  // With every gateway, client and the engine closed, nothing this file started keeps the process up
  // (closed sockets take a turn or two of the event loop to leave the list).
  for (let turn = 0; turn < 40 && leftovers(handlesBefore).length > 0; turn++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(leftovers(handlesBefore)).toEqual([]);
});

describe('modelStatusChanged', () => {
  it('tells a subscriber TRAINED at once, then STARTING_HOSTING and HOSTED after startModel, then STOPPING_HOSTING and TRAINED after stopModel', async () => {
    const { gateway } = await gatewayWith();
    const subscription = subscribe(gateway);
    await subscription.until((s) => s.results.length > 0);
    expect(changes(subscription)[0]).toMatchObject({ project: 'line-3', version, status: 'TRAINED', ready: false, statusMessage: 'Training completed.' });

    // The engine passes STARTING_HOSTING and STOPPING_HOSTING in well under a second, faster than a
    // poller is sure to read; subscribers hear them because the mutations announce their answers.
    await startThrough(gateway);
    await subscription.until(heard(ModelStatus.HOSTED));
    expect(changes(subscription).at(-1)).toMatchObject({ status: 'HOSTED', ready: true });

    await stopThrough(gateway);
    await subscription.until((s) => statuses(s).at(-1) === 'TRAINED' && statuses(s).length > 3);
    expect(statuses(subscription)).toEqual(['TRAINED', 'STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING', 'TRAINED']);
    const times = changes(subscription).map((c) => Date.parse(c.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(subscription.results.every((r) => r.errors === undefined)).toBe(true);

    subscription.stop();
    await waitFor(async () => gateway.statusWatcher.watching, (n) => n === 0, 5_000);
  });

  it('sees a start made outside the gateway, by polling alone', async () => {
    const { gateway } = await gatewayWith();
    const subscription = subscribe(gateway);
    await subscription.until((s) => s.results.length > 0);
    await engine.client.send(new StartModelCommand({ ProjectName: 'line-3', ModelVersion: version, MinInferenceUnits: 1 }));
    await subscription.until(heard(ModelStatus.HOSTED));
    await engine.client.send(new StopModelCommand({ ProjectName: 'line-3', ModelVersion: version }));
    await subscription.until((s) => statuses(s).at(-1) === 'TRAINED' && statuses(s).length > 1);
  });

  it('resolves "latest" once, to the version it names when the subscription starts', async () => {
    const { gateway } = await gatewayWith();
    const subscription = subscribe(gateway, { project: 'line-3', version: 'latest' });
    await subscription.until((s) => s.results.length > 0);
    expect(changes(subscription)[0]).toMatchObject({ version, status: 'TRAINED' });
  });

  it('ends with NOT_FOUND for a model that does not exist, and leaves no poller', async () => {
    const { gateway, sent } = await gatewayWith();
    const missing = subscribe(gateway, { project: 'line-3', version: '99' });
    const noProject = subscribe(gateway, { project: 'nothing-here', version: 'latest' });
    await missing.until((s) => s.ended);
    await noProject.until((s) => s.ended);
    for (const subscription of [missing, noProject]) {
      expect(subscription.completed).toBe(true);
      expect(codesOf(subscription.results[0].errors)).toEqual(['NOT_FOUND']);
      expect(subscription.results[0].data ?? null).toBeNull();
    }
    expect(gateway.statusWatcher.watching).toBe(0);
    expect(sent.of('DescribeModel')).toBe(2);
  });

  it('refuses arguments that break Lookout\'s rules before any Lookout call', async () => {
    const { gateway, sent } = await gatewayWith();
    const subscription = subscribe(gateway, { project: 'line-3', version: '01' });
    await subscription.until((s) => s.ended);
    expect(codesOf(subscription.results[0].errors)).toEqual(['BAD_USER_INPUT']);
    expect(subscription.results[0].errors![0].extensions?.argument).toBe('version');
    expect(sent.counts.size).toBe(0);
  });
});

describe('one poller per model', () => {
  it('serves two subscribers of a model with one poller, and stops it (no more DescribeModel) once both leave', async () => {
    const { gateway, sent } = await gatewayWith();
    const first = subscribe(gateway);
    const second = subscribe(gateway);
    await first.until((s) => s.results.length > 0);
    await second.until((s) => s.results.length > 0);
    expect(gateway.statusWatcher.watching).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // One poller on a settled model: a read at once, then after 0.5 s and 1 s (within the jitter).
    expect(sent.of('DescribeModel')).toBeGreaterThanOrEqual(2);
    expect(sent.of('DescribeModel')).toBeLessThanOrEqual(4);

    first.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.statusWatcher.watching).toBe(1);
    second.stop();
    await waitFor(async () => gateway.statusWatcher.watching, (n) => n === 0, 5_000);
    sent.reset();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(sent.of('DescribeModel')).toBe(0);
  });

  it('stops the poller when a subscriber\'s socket goes away without unsubscribing', async () => {
    const { gateway } = await gatewayWith();
    const client = subscriptionClient(gateway.url, AS_VIEWER);
    const subscription = new Subscription(client, ModelStatusChangedDocument, { project: 'line-3', version });
    await subscription.until((s) => s.results.length > 0);
    expect(gateway.statusWatcher.watching).toBe(1);
    client.terminate();
    await waitFor(async () => gateway.statusWatcher.watching + gateway.subscriptionClients(), (n) => n === 0, 5_000);
  });
});

describe('authentication and browsers', () => {
  it('closes a socket that proves no identity with 4401, and acknowledges a valid key in any of the three forms', async () => {
    const { gateway } = await gatewayWith();
    for (const params of [{}, { authorization: 'Bearer not-a-key-0123456789abcdef' }, { apiKey: 'not-a-key-0123456789abcdef' }, { authorization: KEYS.viewer }, { apiKey: 42 }]) {
      const outcome = await connectionOutcome(gateway.url, params);
      expect(outcome, JSON.stringify(params)).toMatchObject({ acknowledged: false, code: 4401 });
    }
    expect((await connectionOutcome(gateway.url, {})).reason).toContain('Authentication required');
    for (const params of [AS_VIEWER, { apiKey: KEYS.viewer }, { 'x-api-key': KEYS.admin }]) {
      expect(await connectionOutcome(gateway.url, params), JSON.stringify(params)).toEqual({ acknowledged: true });
    }
    // Two different keys are two credentials, refused as over HTTP.
    expect(await connectionOutcome(gateway.url, { authorization: `Bearer ${KEYS.admin}`, apiKey: KEYS.viewer })).toMatchObject({ code: 4401 });
  });

  it('lets a viewer subscribe, and anyone in development mode', async () => {
    const { gateway } = await gatewayWith();
    const viewer = subscribe(gateway, undefined, { apiKey: KEYS.viewer });
    await viewer.until((s) => s.results.length > 0);
    expect(viewer.results[0].errors).toBeUndefined();
    const { gateway: development } = await gatewayWith({ security: {} });
    const anyone = subscribe(development, undefined, {});
    await anyone.until((s) => s.results.length > 0);
    expect(changes(anyone)[0].status).toBe('TRAINED');
  });

  it('upgrades only for its own host names, its own path, and browser pages of CORS_ORIGINS', async () => {
    const { gateway } = await gatewayWith({ security: { authenticator, corsOrigins: ['https://app.example.com'] } });
    expect(await upgradeStatus(gateway.url)).toBe(101); // no Origin: not a browser
    expect(await upgradeStatus(gateway.url, { origin: 'https://app.example.com' })).toBe(101);
    expect(await upgradeStatus(gateway.url, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(gateway.url, { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(gateway.url, { host: 'attacker.example' })).toBe(421);
    expect(await upgradeStatus(gateway.url, { host: `localhost:${new URL(gateway.url).port}` })).toBe(101);
    expect(await upgradeStatus(gateway.url, {}, '/graphql?x=1')).toBe(101);
    expect(await upgradeStatus(gateway.url, {}, '/metrics')).toBe(404);
  });
});

describe('operations over the socket', () => {
  it('runs subscriptions only, within the same limits as HTTP', async () => {
    const { gateway, sent } = await gatewayWith({ maxQueryDepth: 1, maxAliases: 0, maxQueryTokens: 40 });
    const client = subscriptionClient(gateway.url, AS_VIEWER);
    clients.push(client);
    const run = async (query: string) => (await firstAnswer(client, {})(query)).errors as GraphQLFormattedError[];
    expect(codesOf(await run('{ projects { name } }'))).toEqual(['BAD_REQUEST']);
    expect(codesOf(await run('mutation { stopModel(project: "line-3", version: "1") { status } }'))).toEqual(['BAD_REQUEST']);
    expect(new Set(codesOf(await run('subscription { modelStatusChanged(project: "line-3") { status } }')))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(codesOf(await run('subscription { modelStatusChanged(project: "line-3", version: "1") { status'))).toEqual(['GRAPHQL_PARSE_FAILED']);
    const deep = await run('subscription { modelStatusChanged(project: "line-3", version: "1") { status } }');
    expect(deep.map((e) => e.message).join()).toMatch(/depth/i);
    const aliased = await run('subscription { a: modelStatusChanged(project: "line-3", version: "1") { status } }');
    expect(aliased.map((e) => e.message).join()).toMatch(/alias/i);
    const long = await run(`subscription { modelStatusChanged(project: "line-3", version: "1") { ${'status '.repeat(40)} } }`);
    expect(codesOf(long)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(sent.counts.size).toBe(0);
  });

  it('spends the caller\'s request budget, shared with HTTP: past it, THROTTLED with retryAfterSeconds', async () => {
    const { gateway } = await gatewayWith({ rateLimitPerSecond: 1, rateLimitBurst: 3 });
    const viewerOverHttp = gateway.client.withApiKey(KEYS.viewer);
    expect((await viewerOverHttp.request(ProjectsDocument)).status).toBe(200);
    const first = subscribe(gateway);
    const second = subscribe(gateway);
    await first.until((s) => s.results.length > 0);
    await second.until((s) => s.results.length > 0);
    const third = subscribe(gateway);
    await third.until((s) => s.ended);
    expect(third.error).toEqual([expect.objectContaining({ extensions: { code: 'THROTTLED', retryAfterSeconds: 1 } })]);
    // Another caller has a budget of its own.
    const admin = subscribe(gateway, undefined, { apiKey: KEYS.admin });
    await admin.until((s) => s.results.length > 0);
  });

  it('refuses a subscription sent as an HTTP request, saying where to send it', async () => {
    const { gateway, sent } = await gatewayWith();
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.viewer },
      body: JSON.stringify({ query: `subscription { modelStatusChanged(project: "line-3", version: "${version}") { status } }` }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: GraphQLFormattedError[] };
    expect(codesOf(body.errors)).toEqual(['BAD_REQUEST']);
    expect(body.errors[0].message).toContain('WebSocket');
    expect(sent.counts.size).toBe(0);
  });

  it('runs only trusted documents under PERSISTED_OPERATIONS=only: by hash, or their exact text', async () => {
    const { trustedDocuments } = loadSecurityConfig({});
    const { gateway } = await gatewayWith({ security: { authenticator, trustedDocuments, trustedDocumentsMode: 'only' } });
    const client = subscriptionClient(gateway.url, AS_VIEWER);
    clients.push(client);
    const byHash = new Subscription(client, ModelStatusChangedDocument, { project: 'line-3', version }, { byHash: true });
    await byHash.until((s) => s.results.length > 0);
    expect(changes(byHash)[0].status).toBe('TRAINED');
    const hash = (ModelStatusChangedDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const answer = firstAnswer(client, { project: 'line-3', version });
    expect((await answer(trustedDocuments.document(hash)!)).errors).toBeUndefined();
    expect(codesOf((await answer(`subscription { modelStatusChanged(project: "line-3", version: "${version}") { status } }`)).errors)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    expect(codesOf((await answer('', { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } })).errors)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('gives no schema hints in production', async () => {
    const { gateway } = await gatewayWith({ production: true });
    const client = subscriptionClient(gateway.url, AS_VIEWER);
    clients.push(client);
    const typo = await firstAnswer(client, {})('subscription { modelStatusChange(project: "line-3", version: "1") { status } }');
    expect(codesOf(typo.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect((typo.errors as GraphQLFormattedError[])[0].message).not.toContain('Did you mean');
  });
});

/** The first answer to an operation on `client`: its first result, or the error that ended it. */
function firstAnswer(client: Client, variables: Record<string, unknown>) {
  return (query: string, extensions?: Record<string, unknown>) =>
    new Promise<{ data?: unknown; errors?: unknown }>((resolve) => {
      const stop = client.subscribe(
        { query, extensions, variables },
        {
          next: (result) => {
            resolve({ data: result.data, errors: result.errors });
            stop();
          },
          error: (errors) => resolve({ errors }),
          complete: () => resolve({}),
        },
      );
    });
}

describe.each(REPLICA_BACKENDS)('replicas sharing a $kind state store', (backend) => {
  beforeAll(async () => {
    if (!backend.missing) await backend.start();
  });
  afterAll(async () => {
    if (!backend.missing) await backend.stop();
  });

  it.skipIf(backend.missing !== null)('tell subscribers on one replica what another replica saw or announced, with no poll of their own', async () => {
    const { open } = await backend.freshDatabase();
    const stores = [await open(), await open()];
    try {
      const a = await gatewayWith({ stateStore: stores[0], replicaId: 'replica-a' });
      // B polls once, then not for a minute: whatever it hears later came from A.
      const b = await gatewayWith({ stateStore: stores[1], replicaId: 'replica-b', statusPolling: { fastMs: 60_000, settledMaxMs: 60_000 } });
      const onA = subscribe(a.gateway);
      const onB = subscribe(b.gateway);
      await onA.until((s) => s.results.length > 0);
      await onB.until((s) => s.results.length > 0);

      // Seen by A's poller.
      await engine.client.send(new StartModelCommand({ ProjectName: 'line-3', ModelVersion: version, MinInferenceUnits: 1 }));
      await onB.until(heard(ModelStatus.HOSTED));
      // Announced by A's stopModel.
      await stopThrough(a.gateway);
      await onB.until((s) => statuses(s).at(-1) === 'TRAINED' && statuses(s).length > 2);
      expect(statuses(onB)).toContain('STOPPING_HOSTING');
      expect(b.sent.of('DescribeModel')).toBe(1);
    } finally {
      // The stores are their owner's to close, once the gateways over them are.
      try {
        await closeGateways();
      } finally {
        for (const store of stores) await store.close();
      }
    }
  });
});

describe('shutdown', () => {
  it('closes open subscriptions with 1001 and stops at once, leaving no poller, socket or timer', async () => {
    const { gateway } = await gatewayWith({ shutdownGraceMs: 10_000 });
    const subscription = subscribe(gateway);
    await subscription.until((s) => s.results.length > 0);
    const began = Date.now();
    await gateway.close();
    expect(Date.now() - began).toBeLessThan(2_000);
    await subscription.until((s) => s.ended);
    expect((subscription.error as { code?: number }).code).toBe(1001);
    expect(gateway.statusWatcher.watching).toBe(0);
    expect(gateway.subscriptionClients()).toBe(0);
  });
});
