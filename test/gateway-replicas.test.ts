import { DescribeModelCommand } from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetectAnomaliesDocument, StartModelDocument } from '../src/client/generated/graphql';
import type { StateStore } from '../src/state/state-store';
import { postgresBackend, sqliteBackend } from './state/state-backends';
import { sdkClient, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { ManualClock } from './support/manual-clock';
import { copyOfTrainedModel, engineWithTrainedModel, settledModel } from './support/model-fixtures';

// Two gateway replicas over one state store (PostgreSQL as in production;
// SQLite on one file as the one-machine case): the idle clock is shared, and
// an automatic action is taken once, by the replica holding the lease.
const PROJECT = 'line-9';
let engine: RunningEngine;
let version: string;
let image: Buffer;

beforeAll(async () => {
  ({ engine, version, image } = await engineWithTrainedModel(PROJECT));
}, 120_000);
afterAll(() => engine?.close());

describe.each([postgresBackend(), sqliteBackend()])('two replicas on one $kind state store', (backend) => {
  beforeAll(async () => {
    if (!backend.missing) await backend.start();
  });
  afterAll(async () => {
    if (!backend.missing) await backend.stop();
  });

  it.skipIf(backend.missing !== null)('share the idle clock and stop an idle model once', async () => {
    const v = copyOfTrainedModel(engine.engine, PROJECT, version);
    const { open } = await backend.freshDatabase();
    const stores: StateStore[] = [await open(), await open()];
    const clock = new ManualClock(Date.parse('2026-06-01T10:00:00Z'));
    const replicas: RunningGateway[] = [];
    try {
      for (const [i, store] of stores.entries()) {
        replicas.push(await startGateway(sdkClient(engine.url), { stateStore: store, replicaId: `replica-${i}`, runtime: { clock } }));
      }
      const [a, b] = replicas;
      const tickBoth = () => Promise.all(replicas.map((r) => r.runtime.scheduler.tick()));
      const gql = (gw: RunningGateway, query: string) =>
        fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then((r) => r.json() as Promise<{ data?: Record<string, unknown>; errors?: unknown }>);

      expect((await gql(a, `mutation { setModelPolicy(project: "${PROJECT}", version: "${v}", idleStopMinutes: 30) { policy { idleStopMinutes } } }`)).errors).toBeUndefined();
      const started = await a.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1, wait: true, timeoutSeconds: 60 });
      expect(started.data?.startModel.status).toBe('HOSTED');
      await tickBoth();

      // A detection on replica B keeps the model alive for the leader, wherever it is.
      clock.advance(20);
      expect((await b.client.upload(DetectAnomaliesDocument, { project: PROJECT, version: v }, { bytes: image })).errors).toBeUndefined();
      await b.runtime.ledger.flush();
      clock.advance(20);
      await tickBoth();
      expect((await modelDescription(v)).Status).toBe('HOSTED');

      clock.advance(11);
      await tickBoth();
      await tickBoth();
      expect((await settledModel(engine.client, PROJECT, v)).Status).toBe('TRAINED');

      // One automatic stop in the audit, whichever replica is asked.
      for (const gw of replicas) {
        const events = (await gql(gw, `{ modelEvents(project: "${PROJECT}", version: "${v}") { actor action } }`)).data?.modelEvents as { actor: string; action: string }[];
        expect(events.filter((e) => e.action === 'idle-stop')).toEqual([{ actor: 'policy', action: 'idle-stop' }]);
      }
      // The hosting figures are the same on both: the detection B served is counted once.
      const figures = await Promise.all(replicas.map((gw) => gw.runtime.ledger.figures({ project: PROJECT, version: v })));
      expect(figures[0]).toEqual(figures[1]);
      expect(figures[0].totalUnitMinutes).toBeCloseTo(51, 5);
    } finally {
      for (const gw of replicas) await gw.close();
      for (const store of stores) await store.close();
    }
  });
});

function modelDescription(v: string) {
  return engine.client.send(new DescribeModelCommand({ ProjectName: PROJECT, ModelVersion: v })).then((o) => o.ModelDescription!);
}
