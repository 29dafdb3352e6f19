import { CreateProjectCommand } from '@aws-sdk/client-lookoutvision';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed-demo';
import {
  DetectAnomaliesDocument,
  ModelStatusDocument,
  ModelVersionsDocument,
  ProjectDocument,
  ProjectsWithModelsDocument,
  SameModelTwiceDocument,
  StartModelDocument,
  StopModelDocument,
} from '../src/client/generated/graphql';
import { countCommands } from './support/command-counter';
import { startEngine, waitFor, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';
import { makeImage } from './support/images';

// The whole path for real: GraphQL over HTTP -> gateway -> SDK client over HTTP -> engine.
let engine: RunningEngine;
let gw: RunningGateway;
let sent: ReturnType<typeof countCommands>;
const image = (name: 'normal' | 'anomaly') => readFileSync(join(engine.dataDir, 'demo-images', `${name}.png`));

beforeAll(async () => {
  engine = await startEngine();
  sent = countCommands(engine.client);
  await seedDemo(engine.client, engine.dataDir, () => {});
  for (const name of ['alpha', 'beta', 'gamma']) await engine.client.send(new CreateProjectCommand({ ProjectName: name }));
  gw = await startGateway(engine.client);
}, 120_000);
afterAll(async () => {
  await gw?.close();
  await engine?.close();
});

describe('request batching and caching', () => {
  it('lists P projects with their versions in 1 ListProjects + P ListModels, no DescribeModel', async () => {
    sent.reset();
    const res = await gw.client.request(ProjectsWithModelsDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects.map((p) => p.name)).toEqual(['alpha', 'beta', 'demo', 'gamma']);
    expect(res.data?.projects.find((p) => p.name === 'demo')?.modelVersions).toEqual([{ version: '1', status: 'TRAINED' }]);
    expect(Object.fromEntries(sent.counts)).toEqual({ ListProjects: 1, ListModels: 4 });
  });

  it('reads the aliases of listed versions by the project ARNs ListProjects named: no DescribeProject, even the first time', async () => {
    sent.reset();
    const query = parse('{ projects { name modelVersions { version aliases } } }') as TypedDocumentNode<{ projects: { name: string; modelVersions: { aliases: string[] }[] }[] }, Record<string, never>>;
    const res = await gw.client.request(query, {});
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects.find((p) => p.name === 'demo')?.modelVersions).toEqual([{ version: '1', aliases: [] }]);
    // 1 ListProjects + 4 ListModels + one ListTagsForResource for the one project with a version.
    expect(Object.fromEntries(sent.counts)).toEqual({ ListProjects: 1, ListModels: 4, ListTagsForResource: 1 });
  });

  it('describes a model asked for several times in one request once', async () => {
    sent.reset();
    const res = await gw.client.request(SameModelTwiceDocument, { project: 'demo', version: '1' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.first?.status).toBe('TRAINED');
    expect(res.data?.status.ready).toBe(false);
    expect(sent.of('DescribeModel')).toBe(1);
  });

  it('shows datasets with exact image stats', async () => {
    const res = await gw.client.request(ProjectDocument, { name: 'demo' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.project?.datasets).toEqual([
      { type: 'TRAIN', status: 'CREATE_COMPLETE', statusMessage: 'Imported 30 images.', imageStats: { total: 30, labeled: 30, normal: 20, anomaly: 10 } },
    ]);
    expect(res.data?.project?.latest).toEqual({ version: '1', status: 'TRAINED' });
  });
});

describe('model lifecycle through GraphQL', () => {
  const demo = { project: 'demo', version: '1' };
  const status = () => gw.client.request(ModelStatusDocument, demo).then((r) => r.data!.modelStatus);

  it('refuses detection before the model is started with MODEL_NOT_READY and its status', async () => {
    const res = await gw.client.upload(DetectAnomaliesDocument, demo, { bytes: image('anomaly') });
    expect(codesOf(res)).toEqual(['MODEL_NOT_READY']);
    expect(res.errors?.[0].extensions).toMatchObject({ status: 'TRAINED', resourceType: 'MODEL' });
    expect(res.errors?.[0].extensions?.upstreamRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.errors?.[0].message).toBe('Model version 1 of project demo is TRAINED; it must be HOSTED to detect anomalies (start it with startModel).');
  });

  it('passes Lookout quota errors on as QUOTA_EXCEEDED', async () => {
    const res = await gw.client.request(StartModelDocument, { project: 'demo', version: '1', maxInferenceUnits: 500 });
    expect(codesOf(res)).toEqual(['QUOTA_EXCEEDED']);
  });

  it('starts the model, detects an upload, and stops it', async () => {
    const started = await gw.client.request(StartModelDocument, { ...demo, minInferenceUnits: 1, maxInferenceUnits: 2 });
    expect(started.errors).toBeUndefined();
    expect(started.data?.startModel).toEqual({ ...demo, status: 'STARTING_HOSTING', statusMessage: null, ready: false });
    expect(codesOf(await gw.client.request(StartModelDocument, demo))).toEqual(['CONFLICT']);
    await waitFor(status, (s) => s.ready, 60_000);

    const versions = await gw.client.request(ModelVersionsDocument, { project: 'demo' });
    expect(versions.errors).toBeUndefined();
    expect(versions.data?.modelVersions[0]).toMatchObject({ status: 'HOSTED', minInferenceUnits: 1, maxInferenceUnits: 2 });

    const anomalous = await gw.client.upload(DetectAnomaliesDocument, demo, { bytes: image('anomaly') });
    expect(anomalous.errors).toBeUndefined();
    const result = anomalous.data!.detectAnomalies!;
    expect(result.isAnomalous).toBe(true);
    expect(result.anomalies[0].name).toBe('background');
    expect(result.anomalies.map((a) => a.name)).toContain('scratch');
    const mask = await sharp(Buffer.from(result.anomalyMask!, 'base64')).metadata();
    expect(mask).toMatchObject({ format: 'png', width: 128, height: 128 });

    const normal = await gw.client.upload(DetectAnomaliesDocument, demo, { bytes: await sharp(image('normal')).jpeg({ quality: 95 }).toBuffer() });
    expect(normal.errors).toBeUndefined();
    expect(normal.data?.detectAnomalies?.isAnomalous).toBe(false);

    const wrongSize = await gw.client.upload(DetectAnomaliesDocument, demo, { bytes: await makeImage('png', 64, 64) });
    expect(codesOf(wrongSize)).toEqual(['BAD_USER_INPUT']);
    expect(wrongSize.errors?.[0].message).toMatch(/64x64.*128x128/);

    // Several images in one request, an aliased detection each: a refused one is null with its error, the others keep their verdicts.
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({
        query: 'mutation($a: Upload!, $b: Upload!) { a: detectAnomalies(project: "demo", version: "1", file: $a) { isAnomalous } b: detectAnomalies(project: "demo", version: "1", file: $b) { isAnomalous } }',
        variables: { a: null, b: null },
      }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.a'], 1: ['variables.b'] }));
    form.append('0', new Blob([await makeImage('png', 64, 64)]), 'small.png');
    form.append('1', new Blob([image('anomaly')]), 'anomaly.png');
    const batch = (await (await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form })).json()) as {
      data: { a: unknown; b: { isAnomalous: boolean } | null };
      errors: { path: string[]; extensions: { code: string } }[];
    };
    expect(batch.data).toEqual({ a: null, b: { isAnomalous: true } });
    expect(batch.errors.map((e) => [e.path, e.extensions.code])).toEqual([[['a'], 'BAD_USER_INPUT']]);
    // One file mapped to both: the field that reads it second is told so.
    const shared = new FormData();
    shared.append('operations', form.get('operations')!);
    shared.append('map', JSON.stringify({ 0: ['variables.a', 'variables.b'] }));
    shared.append('0', new Blob([image('anomaly')]), 'anomaly.png');
    const twice = (await (await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: shared })).json()) as typeof batch;
    expect(twice.errors).toHaveLength(1);
    expect(twice.errors[0]).toMatchObject({ message: expect.stringMatching(/^This file is mapped to more than one place in the request/), extensions: { code: 'BAD_USER_INPUT' } });
    expect([twice.data.a, twice.data.b].filter((d) => d !== null)).toEqual([{ isAnomalous: true }]);

    const stopped = await gw.client.request(StopModelDocument, demo);
    expect(stopped.errors).toBeUndefined();
    expect(stopped.data?.stopModel.status).toBe('STOPPING_HOSTING');
    expect((await waitFor(status, (s) => s.status === 'TRAINED')).ready).toBe(false);
  }, 120_000);

  it('gives every cached object an id that node(id) fetches again', async () => {
    const post = (query: string, variables: Record<string, unknown> = {}) =>
      fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then(
        (r) => r.json() as Promise<{ data?: Record<string, any>; errors?: { extensions: { code: string } }[] }>, // eslint-disable-line @typescript-eslint/no-explicit-any
      );
    const ids = await post('{ project(name: "demo") { id arn datasets { id type } modelVersions { id arn version } } }');
    const project = ids.data!.project;
    expect(project.id).toBe(project.arn);
    expect(project.modelVersions[0].id).toBe(project.modelVersions[0].arn);
    const node = 'query($id: ID!) { node(id: $id) { id __typename ... on Project { name } ... on ModelVersion { version } ... on Dataset { type } } }';
    expect((await post(node, { id: project.id })).data!.node).toEqual({ id: project.id, __typename: 'Project', name: 'demo' });
    expect((await post(node, { id: project.modelVersions[0].id })).data!.node).toEqual({ id: project.modelVersions[0].id, __typename: 'ModelVersion', version: '1' });
    const dataset = project.datasets[0];
    expect((await post(node, { id: dataset.id })).data!.node).toEqual({ id: dataset.id, __typename: 'Dataset', type: dataset.type });
    expect((await post(node, { id: project.id.replace('project/demo', 'project/nothing') })).data!.node).toBeNull();
    // The same names in another region and account are other objects.
    const elsewhere = (id: string) => id.replace(/^arn:aws:lookoutvision:[^:]+:\d+:/, 'arn:aws:lookoutvision:eu-west-1:111111111111:');
    expect((await post(node, { id: elsewhere(project.id) })).data!.node).toBeNull();
    expect((await post(node, { id: elsewhere(project.modelVersions[0].id) })).data!.node).toBeNull();
    expect((await post(node, { id: 'not an id' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a start or stop with the changed model version, for client caches', async () => {
    const res = await post('mutation { stopModel(project: "demo", version: "1") { status modelVersion { id status } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.stopModel.modelVersion).toMatchObject({ status: res.data!.stopModel.status });
    expect(res.data!.stopModel.modelVersion.id).toMatch(/^arn:aws:lookoutvision:.*:model\/demo\/1$/);
    function post(query: string) {
      return fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then(
        (r) => r.json() as Promise<{ data?: Record<string, any>; errors?: unknown }>, // eslint-disable-line @typescript-eslint/no-explicit-any
      );
    }
  });

  it('answers NOT_FOUND for a model that does not exist', async () => {
    expect(codesOf(await gw.client.request(StartModelDocument, { project: 'demo', version: '9' }))).toEqual(['NOT_FOUND']);
    const noProject = await gw.client.request(ModelStatusDocument, { project: 'nope', version: '1' });
    expect(codesOf(noProject)).toEqual(['NOT_FOUND']);
    // The message says what is missing, as startModel's and detectAnomalies' do.
    expect(noProject.errors?.[0]).toMatchObject({ message: 'Project nope does not exist.', extensions: { resourceType: 'PROJECT' } });
    const noVersion = await gw.client.request(ModelStatusDocument, { project: 'demo', version: '9' });
    expect(noVersion.errors?.[0]).toMatchObject({ message: 'Model version 9 of project demo does not exist.', extensions: { code: 'NOT_FOUND', resourceType: 'MODEL' } });
  });
});
