import { CreateProjectCommand } from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartModelDocument, StopModelDocument } from '../src/client/generated/graphql';
import { countCommands } from './support/command-counter';
import { sdkClient, waitFor, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { engineWithTrainedModel } from './support/model-fixtures';

// The shared read cache through the real gateway and engine: requests share
// upstream answers, the gateway's own changes are seen at once, and changes
// made behind its back after at most READ_CACHE_TTL_MS.
const PROJECT = 'shared-reads';
const DASHBOARD = '{ projects { name modelVersions { version status } } }';
let engine: RunningEngine;
let version: string;

beforeAll(async () => {
  ({ engine, version } = await engineWithTrainedModel(PROJECT));
}, 120_000);
afterAll(() => engine?.close());

/** A gateway with its own SDK client, whose commands are counted. */
async function gatewayWith(readCacheTtlMs: number) {
  const client = sdkClient(engine.url);
  const commands = countCommands(client);
  const gw = await startGateway(client, { readCacheTtlMs });
  return { gw, commands };
}

async function query(gw: RunningGateway, source: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: source }) });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

const statusOf = (data: Record<string, unknown>) =>
  (data.projects as { name: string; modelVersions: { version: string; status: string }[] }[]).find((p) => p.name === PROJECT)!.modelVersions.find((m) => m.version === version)!.status;

describe('shared reads', () => {
  it('answer repeated and concurrent queries from one upstream call per key', async () => {
    const { gw, commands } = await gatewayWith(60_000);
    try {
      await query(gw, DASHBOARD);
      const first = { list: commands.of('ListProjects'), models: commands.of('ListModels') };
      expect(first).toEqual({ list: 1, models: 1 });
      await Promise.all(Array.from({ length: 20 }, () => query(gw, DASHBOARD)));
      expect({ list: commands.of('ListProjects'), models: commands.of('ListModels') }).toEqual(first);
      const metrics = await (await fetch(`${gw.url}/metrics`)).text();
      expect(metrics).toMatch(/lookout_gateway_shared_reads_total\{result="hit"\} [1-9]/);
    } finally {
      await gw.close();
    }
  });

  it('see the gateway’s own changes at once', async () => {
    const { gw } = await gatewayWith(60_000);
    try {
      expect(statusOf(await query(gw, DASHBOARD))).toBe('TRAINED');
      const started = await gw.client.request(StartModelDocument, { project: PROJECT, version, minInferenceUnits: 1, wait: true, timeoutSeconds: 60 });
      expect(started.data?.startModel.status).toBe('HOSTED');
      expect(statusOf(await query(gw, DASHBOARD))).toBe('HOSTED');
      await gw.client.request(StopModelDocument, { project: PROJECT, version, wait: true, timeoutSeconds: 60 });
      expect(statusOf(await query(gw, DASHBOARD))).toBe('TRAINED');
    } finally {
      await gw.close();
    }
  }, 90_000);

  it('show changes made behind the gateway’s back after at most the ttl', async () => {
    const { gw } = await gatewayWith(400);
    try {
      const names = async () => ((await query(gw, '{ projects { name } }')).projects as { name: string }[]).map((p) => p.name);
      expect(await names()).not.toContain('made-elsewhere');
      await engine.client.send(new CreateProjectCommand({ ProjectName: 'made-elsewhere' }));
      const startedWaiting = performance.now();
      // Within the ttl the list may still be the old one; after it, it is the new one.
      await waitFor(names, (list) => list.includes('made-elsewhere'), 5_000);
      expect(performance.now() - startedWaiting).toBeLessThan(400 + 1_000);
    } finally {
      await gw.close();
    }
  });

  it('are off with READ_CACHE_TTL_MS 0: every query reads upstream', async () => {
    const { gw, commands } = await gatewayWith(0);
    try {
      await query(gw, DASHBOARD);
      await query(gw, DASHBOARD);
      expect(commands.of('ListProjects')).toBe(2);
    } finally {
      await gw.close();
    }
  });
});
