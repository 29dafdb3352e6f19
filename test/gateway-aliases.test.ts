import { DescribeProjectCommand, ListTagsForResourceCommand, StopModelCommand, TagResourceCommand, UntagResourceCommand, type LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../src/auth/api-keys';
import { Authenticator } from '../src/auth/authenticator';
import {
  DetectAnomaliesDocument,
  ModelEventsDocument,
  ModelStatusChangedDocument,
  ModelStatusDocument,
  ModelVersionDocument,
  ProjectAliasesDocument,
  PromoteModelDocument,
  RemoveModelAliasDocument,
  SetModelAliasDocument,
  StartModelDocument,
  StopModelDocument,
} from '../src/client/generated/graphql';
import { buildGatewaySchema } from '../src/schema/build-schema';
import { operationCost } from '../src/server/query-complexity';
import { countCommands } from './support/command-counter';
import { sdkClient, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { GraphQLClient, codesOf } from './support/graphql-client';
import { copyOfTrainedModel, engineWithTrainedModel, settledModel } from './support/model-fixtures';
import { neverHostedClient } from './support/never-hosted-client';
import { Subscription, subscriptionClient } from './support/ws-client';

// Model aliases through GraphQL against the real engine: kept as tags on the
// project, taken wherever a version is, and moved by promoteModel without a
// failed detection by the alias.
const PROJECT = 'line-9';
const KEYS = { viewer: 'viewer-key-0123456789abcdef', inference: 'camera-key-0123456789abcdef', admin: 'admin-key-0123456789abcdef' };
const authenticator = new Authenticator(ApiKeys.fromConfig(`dashboard:viewer:${KEYS.viewer},line-9-camera:inference:${KEYS.inference},release-bot:admin:${KEYS.admin}`, undefined), null);

let engine: RunningEngine;
let lookout: LookoutVisionClient;
let sent: ReturnType<typeof countCommands>;
let gw: RunningGateway;
let admin: GraphQLClient;
let camera: GraphQLClient;
let viewer: GraphQLClient;
let v1: string;
let image: Buffer;

beforeAll(async () => {
  ({ engine, version: v1, image } = await engineWithTrainedModel(PROJECT));
  lookout = sdkClient(engine.url);
  sent = countCommands(lookout);
  gw = await startGateway(lookout, { security: { authenticator } });
  admin = gw.client.withApiKey(KEYS.admin);
  camera = gw.client.withApiKey(KEYS.inference);
  viewer = gw.client.withApiKey(KEYS.viewer);
}, 120_000);
afterAll(async () => {
  await gw?.close();
  await engine?.close();
});

const ref = (version: string) => ({ project: PROJECT, version });
const detect = (version: string) => camera.upload(DetectAnomaliesDocument, ref(version), { bytes: image });
const projectTags = async () => {
  const arn = (await engine.client.send(new DescribeProjectCommand({ ProjectName: PROJECT }))).ProjectDescription!.ProjectArn!;
  return (await engine.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? [];
};
const aliasTags = async () => (await projectTags()).filter((t) => t.Key?.startsWith('lookout-gateway:alias:'));
const stopAndSettle = async (version: string) => {
  await engine.client.send(new StopModelCommand({ ProjectName: PROJECT, ModelVersion: version })).catch(() => {});
  await settledModel(engine.client, PROJECT, version);
};

/**
 * Promotes `version` to production (stopping the previous one) while
 * `workers` callers detect by the alias, one detection after another, from
 * before the promotion to some detections after it: every answer is kept,
 * to show that none failed.
 */
async function promoteUnderDetections(version: string, workers = 3) {
  let running = true;
  const answers: Awaited<ReturnType<typeof detect>>[] = [];
  const loops = Array.from({ length: workers }, async () => {
    while (running) answers.push(await detect('production'));
  });
  await eventually(() => answers.length >= 3);
  const promoted = await admin.request(PromoteModelDocument, { project: PROJECT, version, alias: 'production', stopPrevious: true, timeoutSeconds: 60 });
  const duringSwitch = answers.length;
  await eventually(() => answers.length >= duringSwitch + 6);
  running = false;
  await Promise.all(loops);
  return { promoted, answers };
}

describe('an alias', () => {
  it('is set on a version, kept as a tag on the project, and listed on Project.aliases and ModelVersion.aliases', async () => {
    const set = await admin.request(SetModelAliasDocument, { project: PROJECT, alias: 'production', version: v1 });
    expect(set.errors).toBeUndefined();
    expect(set.data?.setModelAlias).toMatchObject({
      alias: 'production',
      version: v1,
      previousVersion: null,
      project: { aliases: [{ name: 'production', version: v1 }] },
      modelVersion: { version: v1, aliases: ['production'] },
      previousModelVersion: null,
    });
    expect(await aliasTags()).toEqual([{ Key: 'lookout-gateway:alias:production', Value: v1 }]);

    const read = await viewer.request(ProjectAliasesDocument, { project: PROJECT });
    expect(read.errors).toBeUndefined();
    expect(read.data?.project?.aliases).toEqual([{ name: 'production', version: v1, modelVersion: expect.objectContaining({ version: v1, status: 'TRAINED' }) }]);
    expect(read.data?.project?.modelVersions).toEqual([expect.objectContaining({ version: v1, aliases: ['production'] })]);
  });

  it('stands for its version in queries, startModel, the readiness probe, detectAnomalies, stopModel and modelStatusChanged', async () => {
    expect((await viewer.request(ModelVersionDocument, ref('production'))).data?.modelVersion?.version).toBe(v1);
    expect((await viewer.request(ModelStatusDocument, ref('production'))).data?.modelStatus).toMatchObject({ version: v1, ready: false });

    const started = await admin.request(StartModelDocument, { ...ref('production'), wait: true, timeoutSeconds: 60 });
    expect(started.errors).toBeUndefined();
    expect(started.data?.startModel).toMatchObject({ version: v1, status: 'HOSTED', ready: true });

    const ready = (alias: string) => fetch(`${gw.url}/models/${PROJECT}/${alias}/ready`, { headers: { authorization: `Bearer ${KEYS.viewer}` } });
    const probe = await ready('production');
    expect([probe.status, await probe.json()]).toEqual([200, { status: 'HOSTED', ready: true }]);
    expect((await ready('staging')).status).toBe(404);

    const detection = await detect('production');
    expect(detection.errors).toBeUndefined();
    expect(typeof detection.data?.detectAnomalies?.isAnomalous).toBe('boolean');
    await gw.runtime.ledger.flush();
    expect((await gw.runtime.ledger.figures({ project: PROJECT, version: v1 })).detections).toBeGreaterThan(0);

    // A subscription by alias follows the version the alias named when it began.
    const subscriber = subscriptionClient(gw.url, { authorization: `Bearer ${KEYS.viewer}` });
    try {
      const subscription = new Subscription(subscriber, ModelStatusChangedDocument, ref('production'));
      await subscription.until((s) => s.results.length > 0);
      expect(subscription.results[0].data?.modelStatusChanged).toMatchObject({ version: v1, status: 'HOSTED' });
    } finally {
      await subscriber.dispose();
    }

    const stopped = await admin.request(StopModelDocument, { ...ref('production'), wait: true, timeoutSeconds: 60 });
    expect(stopped.data?.stopModel).toMatchObject({ version: v1, status: 'TRAINED' });
  });

  it('costs one ListTagsForResource more per request than the version number, and one query-cost call more', async () => {
    await detect('production'); // the gateway has met the project: no DescribeProject from here on
    sent.reset();
    await viewer.request(ModelStatusDocument, ref('production'));
    expect(Object.fromEntries(sent.counts)).toEqual({ ListTagsForResource: 1, DescribeModel: 1 });
    sent.reset();
    await viewer.request(ModelStatusDocument, ref(v1));
    expect(Object.fromEntries(sent.counts)).toEqual({ DescribeModel: 1 });

    const cost = (version: string) => operationCost(buildGatewaySchema(), parse(`{ modelStatus(project: "${PROJECT}", version: "${version}") { ready } }`));
    expect(cost('production')).toBe(cost(v1) + 5);
    expect(cost('latest')).toBe(cost(v1));
  });

  it.each([
    ['upper case', 'Production'],
    ['"latest"', 'latest'],
    ['a number', '7'],
    ['an underscore', 'pre_prod'],
    ['a trailing "-"', 'canary-'],
    ['64 characters', `a${'b'.repeat(63)}`],
  ])('is refused with BAD_USER_INPUT when its name has %s, before any Lookout call', async (_case, alias) => {
    sent.reset();
    const res = await admin.request(SetModelAliasDocument, { project: PROJECT, alias, version: v1 });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].extensions?.argument).toBe('alias');
    expect(sent.counts.size).toBe(0);
  });

  it('is refused with NOT_FOUND for a version that does not exist, and is NOT_FOUND (or null) where it is not set', async () => {
    const missingVersion = await admin.request(SetModelAliasDocument, { project: PROJECT, alias: 'staging', version: '99' });
    expect(codesOf(missingVersion)).toEqual(['NOT_FOUND']);
    expect(await aliasTags()).toEqual([{ Key: 'lookout-gateway:alias:production', Value: v1 }]);

    const unknown = await camera.upload(DetectAnomaliesDocument, ref('staging'), { bytes: image });
    expect(codesOf(unknown)).toEqual(['NOT_FOUND']);
    expect(unknown.errors?.[0]).toMatchObject({ message: `Project ${PROJECT} has no model alias staging.`, extensions: { resourceType: 'ALIAS' } });
    const status = await viewer.request(ModelStatusDocument, ref('staging'));
    expect(status.errors?.[0]).toMatchObject({ message: `Project ${PROJECT} has no model alias staging.`, extensions: { code: 'NOT_FOUND', resourceType: 'ALIAS' } });
    const query = await viewer.request(ModelVersionDocument, ref('staging'));
    expect(query.errors).toBeUndefined();
    expect(query.data?.modelVersion).toBeNull();
  });

  it('may be changed by an admin only; a viewer reads it, an inference key detects by it', async () => {
    for (const caller of [viewer, camera]) {
      expect(codesOf(await caller.request(SetModelAliasDocument, { project: PROJECT, alias: 'production', version: v1 }))).toEqual(['FORBIDDEN']);
      expect(codesOf(await caller.request(PromoteModelDocument, { project: PROJECT, alias: 'production', version: v1 }))).toEqual(['FORBIDDEN']);
      expect(codesOf(await caller.request(RemoveModelAliasDocument, { project: PROJECT, alias: 'production' }))).toEqual(['FORBIDDEN']);
    }
    expect((await viewer.request(ProjectAliasesDocument, { project: PROJECT })).data?.project?.aliases).toHaveLength(1);
  });

  it('ignores a tag that looks like an alias but names no version', async () => {
    const arn = (await engine.client.send(new DescribeProjectCommand({ ProjectName: PROJECT }))).ProjectDescription!.ProjectArn!;
    await engine.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'lookout-gateway:alias:broken', Value: 'three' }, { Key: 'team', Value: 'vision' }] }));
    try {
      const read = await viewer.request(ProjectAliasesDocument, { project: PROJECT });
      expect(read.data?.project?.aliases.map((a) => a.name)).toEqual(['production']);
    } finally {
      await engine.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['lookout-gateway:alias:broken', 'team'] }));
    }
  });
});

describe('promoting a version over the one the alias names', () => {
  let v2: string;

  it('starts it, waits until HOSTED, moves the alias, stops the old one, and no detection by the alias fails meanwhile', async () => {
    await admin.request(StartModelDocument, { ...ref('production'), wait: true, timeoutSeconds: 60 });
    v2 = copyOfTrainedModel(engine.engine, PROJECT, v1);
    const { promoted, answers } = await promoteUnderDetections(v2);

    expect(promoted.errors).toBeUndefined();
    expect(promoted.data?.promoteModel).toMatchObject({
      alias: 'production',
      version: v2,
      previousVersion: v1,
      stoppedPrevious: true,
      modelVersion: { version: v2, status: 'HOSTED', aliases: ['production'] },
      previousModelVersion: { version: v1, aliases: [] },
    });
    expect(['STOPPING_HOSTING', 'TRAINED']).toContain(promoted.data?.promoteModel.previousModelVersion?.status);
    expect(answers.flatMap(codesOf)).toEqual([]);
    expect(answers.every((a) => typeof a.data?.detectAnomalies?.isAnomalous === 'boolean')).toBe(true);
    // Detections went to version 1, then to version 2.
    await gw.runtime.ledger.flush();
    expect((await gw.runtime.ledger.figures({ project: PROJECT, version: v2 })).detections).toBeGreaterThan(0);
    expect((await settledModel(engine.client, PROJECT, v1)).Status).toBe('TRAINED');
    expect(await aliasTags()).toEqual(expect.arrayContaining([{ Key: 'lookout-gateway:alias:production', Value: v2 }]));
  }, 60_000);

  it('rolls back by promoting the previous version, again without a failed detection', async () => {
    const { promoted: rolledBack, answers } = await promoteUnderDetections(v1);

    expect(rolledBack.errors).toBeUndefined();
    expect(rolledBack.data?.promoteModel).toMatchObject({ version: v1, previousVersion: v2, stoppedPrevious: true, modelVersion: { status: 'HOSTED', aliases: ['production'] } });
    expect(answers.flatMap(codesOf)).toEqual([]);
    expect((await settledModel(engine.client, PROJECT, v2)).Status).toBe('TRAINED');
  }, 60_000);

  it('keeps the alias history, with actors, in the audit of the versions it named', async () => {
    const events = async (version: string) => (await admin.request(ModelEventsDocument, { ...ref(version), last: 50 })).data!.modelEvents.filter((e) => ['set-alias', 'promote'].includes(e.action));
    expect(await events(v1)).toEqual([
      expect.objectContaining({ actor: 'release-bot', action: 'promote', result: 'ok', detail: `production: ${v2} -> ${v1}; stopped ${v2}` }),
      expect.objectContaining({ actor: 'release-bot', action: 'set-alias', result: 'ok', detail: `production: none -> ${v1}` }),
    ]);
    expect(await events(v2)).toEqual([expect.objectContaining({ actor: 'release-bot', action: 'promote', fromStatus: 'TRAINED', result: 'ok', detail: `production: ${v1} -> ${v2}; stopped ${v1}` })]);
    // By alias, the audit is that of the version it names now.
    expect((await admin.request(ModelEventsDocument, ref('production'))).data?.modelEvents[0]).toMatchObject({ action: 'promote', detail: expect.stringContaining(`-> ${v1}`) });
  });

  it('runs two promotions of one alias one after the other: the later wins, and sees the earlier\'s result', async () => {
    const [v3, v4] = [copyOfTrainedModel(engine.engine, PROJECT, v1), copyOfTrainedModel(engine.engine, PROJECT, v1)];
    const first = admin.request(PromoteModelDocument, { project: PROJECT, version: v3, alias: 'production', stopPrevious: true, timeoutSeconds: 60 });
    await eventually(async () => (await statusOf(v3)) !== 'TRAINED'); // the first has begun starting v3
    const second = await admin.request(PromoteModelDocument, { project: PROJECT, version: v4, alias: 'production', stopPrevious: true, timeoutSeconds: 60 });
    const earlier = await first;
    expect(earlier.data?.promoteModel).toMatchObject({ version: v3, previousVersion: v1, stoppedPrevious: true });
    expect(second.data?.promoteModel).toMatchObject({ version: v4, previousVersion: v3, stoppedPrevious: true });
    expect(await aliasTags()).toEqual([{ Key: 'lookout-gateway:alias:production', Value: v4 }]);
    for (const stopped of [v1, v3]) expect((await settledModel(engine.client, PROJECT, stopped)).Status).toBe('TRAINED');
  }, 60_000);

  it('does not stop the previous version while another alias still names it', async () => {
    const v5 = copyOfTrainedModel(engine.engine, PROJECT, v1);
    await admin.request(SetModelAliasDocument, { project: PROJECT, alias: 'staging', version: 'production' }); // staging -> what production names
    const promoted = await admin.request(PromoteModelDocument, { project: PROJECT, version: v5, alias: 'production', stopPrevious: true, timeoutSeconds: 60 });
    const before = promoted.data?.promoteModel.previousVersion;
    expect(promoted.data?.promoteModel).toMatchObject({ version: v5, stoppedPrevious: false, previousModelVersion: { status: 'HOSTED', aliases: ['staging'] } });
    const audit = (await admin.request(ModelEventsDocument, { ...ref(v5), last: 5 })).data!.modelEvents;
    expect(audit[0]).toMatchObject({ action: 'promote', detail: `production: ${before} -> ${v5}; ${before} not stopped: the alias staging still names it` });
    await admin.request(PromoteModelDocument, { project: PROJECT, version: v5, alias: 'staging', stopPrevious: true, timeoutSeconds: 60 });
    expect((await settledModel(engine.client, PROJECT, before!)).Status).toBe('TRAINED');
  }, 60_000);

  it('leaves the alias where it was when the version does not become HOSTED in time', async () => {
    const stuckVersion = copyOfTrainedModel(engine.engine, PROJECT, v1);
    // Hosting that never finishes, as this gateway sees it.
    const other = await startGateway(neverHostedClient(engine.url));
    try {
      const before = (await aliasTags()).find((t) => t.Key === 'lookout-gateway:alias:production')?.Value;
      const res = await other.client.request(PromoteModelDocument, { project: PROJECT, version: stuckVersion, alias: 'production', timeoutSeconds: 2 });
      expect(codesOf(res)).toEqual(['TIMEOUT']);
      expect((await aliasTags()).find((t) => t.Key === 'lookout-gateway:alias:production')?.Value).toBe(before);
      const events = await other.client.request(ModelEventsDocument, ref(stuckVersion));
      expect(events.data?.modelEvents[0]).toMatchObject({ actor: 'development', action: 'promote', result: 'TIMEOUT', detail: expect.stringMatching(new RegExp(`^production stays at ${before}: `)) });
    } finally {
      await other.close();
      await settledModel(engine.client, PROJECT, stuckVersion);
      await stopAndSettle(stuckVersion);
    }
  }, 60_000);

  it('with startFirst: false moves the alias at once, even to a version that is not hosted', async () => {
    const cold = copyOfTrainedModel(engine.engine, PROJECT, v1);
    const res = await admin.request(PromoteModelDocument, { project: PROJECT, version: cold, alias: 'canary', startFirst: false });
    expect(res.data?.promoteModel).toMatchObject({ version: cold, previousVersion: null, modelVersion: { status: 'TRAINED', aliases: ['canary'] } });
    expect(codesOf(await detect('canary'))).toEqual(['MODEL_NOT_READY']);
  });
});

describe('removing an alias', () => {
  it('removes its tag; removing it again changes nothing; the name then stands for nothing', async () => {
    const removed = await admin.request(RemoveModelAliasDocument, { project: PROJECT, alias: 'canary' });
    expect(removed.errors).toBeUndefined();
    expect(removed.data?.removeModelAlias).toMatchObject({ alias: 'canary', version: null, previousVersion: expect.any(String), modelVersion: null, previousModelVersion: { aliases: [] } });
    expect((await aliasTags()).map((t) => t.Key)).not.toContain('lookout-gateway:alias:canary');
    const again = await admin.request(RemoveModelAliasDocument, { project: PROJECT, alias: 'canary' });
    expect(again.data?.removeModelAlias).toMatchObject({ version: null, previousVersion: null });
    expect(codesOf(await detect('canary'))).toEqual(['NOT_FOUND']);
    const events = await admin.request(ModelEventsDocument, ref(removed.data!.removeModelAlias.previousVersion!));
    expect(events.data?.modelEvents[0]).toMatchObject({ actor: 'release-bot', action: 'remove-alias', detail: `canary: ${removed.data!.removeModelAlias.previousVersion} -> none` });
  });
});

/** The model's status, through the gateway. */
async function statusOf(version: string): Promise<string | undefined> {
  return (await admin.request(ModelStatusDocument, ref(version))).data?.modelStatus.status;
}

async function eventually(done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
