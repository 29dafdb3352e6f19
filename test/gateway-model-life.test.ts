import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetOf, projectWithDataset, settledModel } from './support/model-fixtures';
import { sdkClient, startEngine, waitFor, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';

// A model's life through GraphQL against the real engine: projects, dataset
// entries and their labels, training, deleting.
let engine: RunningEngine;
let gw: RunningGateway;

type Answer<T = any> = { data?: T; errors?: { message: string; extensions: Record<string, unknown> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
const gql = <T = any>(query: string, variables: Record<string, unknown> = {}) => // eslint-disable-line @typescript-eslint/no-explicit-any
  fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<Answer<T>>);

beforeAll(async () => {
  engine = await startEngine();
  await projectWithDataset(engine.client, engine.dataDir, 'parts');
  gw = await startGateway(sdkClient(engine.url));
}, 60_000);
afterAll(async () => {
  await gw?.close();
  await engine?.close();
});

describe('projects', () => {
  it('creates a project, refuses a second of that name, and deletes it with its datasets', async () => {
    const created = await gql('mutation { createProject(name: "fresh") { id name arn datasets { type } } }');
    expect(created.errors).toBeUndefined();
    expect(created.data.createProject).toMatchObject({ name: 'fresh', datasets: [] });
    expect(created.data.createProject.id).toBe(created.data.createProject.arn);
    expect((await gql('mutation { createProject(name: "fresh") { id } }')).errors?.[0].extensions.code).toBe('CONFLICT');
    const noVersions = await gql('{ modelStatus(project: "fresh", version: "latest") { status } }');
    expect(noVersions.errors?.[0]).toMatchObject({ message: 'Project fresh has no model versions yet (train one with trainModel).', extensions: { code: 'NOT_FOUND' } });
    await datasetOf(engine.client, engine.dataDir, 'fresh', { normal: 2, anomaly: 1 });
    // The answer is the project as it was: its datasets and their images, no versions (a project with some is refused).
    const deleted = await gql('mutation { deleteProject(name: "fresh") { name datasets { type imageStats { total } } modelVersions { version } modelVersion(version: "latest") { version } aliases { name } } }');
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteProject).toEqual({ name: 'fresh', datasets: [{ type: 'TRAIN', imageStats: { total: 3 } }], modelVersions: [], modelVersion: null, aliases: [] });
    expect((await gql('{ project(name: "fresh") { name } }')).data.project).toBeNull();
    expect((await gql('mutation { deleteProject(name: "fresh") { name } }')).errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('datasets', () => {
  it('deletes a test dataset too small to train with, keeping its manifest in S3, and answers it as it was', async () => {
    await gql('mutation { createProject(name: "small-test") { name } }');
    await datasetOf(engine.client, engine.dataDir, 'small-test', { normal: 20, anomaly: 10 });
    await datasetOf(engine.client, engine.dataDir, 'small-test', { normal: 2, anomaly: 1 }, 'test');
    const refused = await gql('mutation { trainModel(project: "small-test") { version } }');
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/test dataset needs at least 10 normal and 10 anomalous/) });

    // While Lookout is still changing the dataset, it is refused and left as it is.
    const { datasets } = engine.engine.context.stores;
    datasets.setStatus('small-test', 'test', 'UPDATE_IN_PROGRESS', 'Applying the changes.', Date.now());
    const busy = await gql('mutation { deleteDataset(project: "small-test", dataset: TEST) { type } }');
    expect(busy.errors?.[0]).toMatchObject({ message: 'The test dataset of small-test is UPDATE_IN_PROGRESS; wait for it to finish.', extensions: { code: 'CONFLICT', resourceType: 'DATASET' } });
    datasets.setStatus('small-test', 'test', 'UPDATE_COMPLETE', 'Done.', Date.now());

    const deleted = await gql('mutation { deleteDataset(project: "small-test", dataset: TEST) { type status imageStats { total normal anomaly } } }');
    expect(deleted.errors, JSON.stringify(deleted.errors)).toBeUndefined();
    expect(deleted.data.deleteDataset).toEqual({ type: 'TEST', status: 'UPDATE_COMPLETE', imageStats: { total: 3, normal: 2, anomaly: 1 } });
    expect((await gql('{ project(name: "small-test") { datasets { type } } }')).data.project.datasets).toEqual([{ type: 'TRAIN' }]);
    const kept = readdirSync(engine.dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('-deleted.jsonl'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(engine.dataDir, kept[0]), 'utf8').trimEnd().split('\n')).toHaveLength(3);

    const again = await gql('mutation { deleteDataset(project: "small-test", dataset: TEST) { type } }');
    expect(again.errors?.[0]).toMatchObject({ message: 'Project small-test has no test dataset.', extensions: { code: 'NOT_FOUND', resourceType: 'DATASET' } });
    const noProject = await gql('mutation { deleteDataset(project: "nope", dataset: TRAIN) { type } }');
    expect(noProject.errors?.[0]).toMatchObject({ message: 'Project nope does not exist.', extensions: { code: 'NOT_FOUND' } });
  });
});

describe('dataset entries', () => {
  it('pages through every entry with Relay cursors, from any entry', async () => {
    const page = (after?: string, first = 7) =>
      gql('query($after: String, $first: Int!) { datasetEntries(project: "parts", first: $first, after: $after) { edges { cursor node { id sourceRef label } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }', { after, first });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const answer = await page(after);
      expect(answer.errors).toBeUndefined();
      const { edges, pageInfo } = answer.data.datasetEntries;
      seen.push(...edges.map((e: { node: { sourceRef: string } }) => e.node.sourceRef));
      expect(pageInfo).toMatchObject({ hasPreviousPage: after !== undefined, startCursor: edges[0].cursor, endCursor: edges.at(-1).cursor });
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    // Continuing after the third entry of a page gives the fourth.
    const first = (await page(undefined, 10)).data.datasetEntries.edges;
    const fromThird = (await page(first[2].cursor, 2)).data.datasetEntries.edges;
    expect(fromThird.map((e: { node: { sourceRef: string } }) => e.node.sourceRef)).toEqual([first[3].node.sourceRef, first[4].node.sourceRef]);
    // Each entry is a node.
    const node = await gql('query($id: ID!) { node(id: $id) { id ... on DatasetEntry { sourceRef label } } }', { id: first[0].node.id });
    expect(node.data.node).toEqual({ id: first[0].node.id, sourceRef: first[0].node.sourceRef, label: first[0].node.label });
  });

  it('filters by label and by source-ref, and refuses a cursor it did not give out', async () => {
    const anomalies = await gql('{ datasetEntries(project: "parts", first: 100, filter: { anomalyClass: ANOMALY }) { edges { node { label } } } }');
    expect(anomalies.data.datasetEntries.edges).toHaveLength(10);
    expect(new Set(anomalies.data.datasetEntries.edges.map((e: { node: { label: string } }) => e.node.label))).toEqual(new Set(['ANOMALY']));
    const bad = await gql('{ datasetEntries(project: "parts", after: "bm90LWEtY3Vyc29y") { pageInfo { hasNextPage } } }');
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // A cursor of the right shape with a token Lookout never gave: the same answer, about `after`, not Lookout's NextToken.
    const forged = await gql('query($after: String) { datasetEntries(project: "parts", after: $after) { pageInfo { hasNextPage } } }', { after: Buffer.from(JSON.stringify({ t: 'abc', s: 1 })).toString('base64url') });
    expect(forged.errors?.[0]).toMatchObject({ message: 'after is not a cursor this API gave out.', extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
  });

  it('relabels images and answers the dataset once Lookout applied it; an unknown image changes nothing', async () => {
    const entries = (await gql('{ datasetEntries(project: "parts", first: 100, filter: { anomalyClass: ANOMALY }) { edges { node { sourceRef } } } }')).data.datasetEntries.edges;
    const target = entries[0].node.sourceRef;
    const unknown = await gql('mutation($c: [RelabelInput!]!) { relabelImages(project: "parts", changes: $c) { status } }', {
      c: [{ sourceRef: target, label: 'NORMAL' }, { sourceRef: 's3://nowhere/x.png', label: 'NORMAL' }],
    });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', index: 1 });
    const twice = await gql('mutation($c: [RelabelInput!]!) { relabelImages(project: "parts", changes: $c) { status } }', {
      c: [{ sourceRef: target, label: 'NORMAL' }, { sourceRef: target, label: 'ANOMALY' }],
    });
    expect(twice.errors?.[0]).toMatchObject({ message: `changes[1]: ${target} is changes[0] already; give each image one label.`, extensions: { code: 'BAD_USER_INPUT', argument: 'changes', index: 1 } });
    const stats = async () => (await gql('{ project(name: "parts") { datasets { imageStats { normal anomaly } } } }')).data.project.datasets[0].imageStats;
    expect(await stats()).toEqual({ normal: 20, anomaly: 10 });

    const relabelled = await gql('mutation($c: [RelabelInput!]!) { relabelImages(project: "parts", changes: $c) { status imageStats { normal anomaly labeled } } }', { c: [{ sourceRef: target, label: 'NORMAL' }] });
    expect(relabelled.errors).toBeUndefined();
    expect(relabelled.data.relabelImages).toEqual({ status: 'UPDATE_COMPLETE', imageStats: { normal: 21, anomaly: 9, labeled: 30 } });
    await gql('mutation($c: [RelabelInput!]!) { relabelImages(project: "parts", changes: $c) { status } }', { c: [{ sourceRef: target, label: 'UNLABELED' }] });
    expect(await stats()).toEqual({ normal: 20, anomaly: 9 });
    await gql('mutation($c: [RelabelInput!]!) { relabelImages(project: "parts", changes: $c) { status } }', { c: [{ sourceRef: target, label: 'ANOMALY' }] });
    expect(await stats()).toEqual({ normal: 20, anomaly: 10 });
  });
});

describe('training and deleting', () => {
  it('trains a version with wait, refuses to delete the project while it has models, deletes the version', async () => {
    const trained = await gql('mutation { trainModel(project: "parts", description: "first-try", wait: true, timeoutSeconds: 120) { id version status description performance { f1Score } } }');
    expect(trained.errors).toBeUndefined();
    expect(trained.data.trainModel).toMatchObject({ status: 'TRAINED', description: 'first-try' });
    expect(trained.data.trainModel.performance.f1Score).toBeGreaterThan(0);
    const version = trained.data.trainModel.version;

    const refused = await gql('mutation { deleteProject(name: "parts") { name } }');
    expect(refused.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(refused.errors?.[0].message).toMatch(/still has 1 model version/);

    // A version an alias names stays, and so does the alias, until the alias goes.
    expect((await gql('mutation($v: String!) { setModelAlias(project: "parts", alias: "production", version: $v) { version } }', { v: version })).errors).toBeUndefined();
    const named = await gql('mutation($v: String!) { deleteModelVersion(project: "parts", version: $v) { version } }', { v: version });
    expect(named.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(named.errors?.[0].message).toBe(
      `Model version ${version} of project parts is what the alias production names; point it at another version (promoteModel, setModelAlias) or remove it (removeModelAlias) first.`,
    );
    expect((await gql('{ project(name: "parts") { aliases { name version modelVersion { status } } } }')).data.project.aliases).toEqual([
      { name: 'production', version, modelVersion: { status: 'TRAINED' } },
    ]);
    expect((await gql('mutation { removeModelAlias(project: "parts", alias: "production") { previousVersion } }')).data.removeModelAlias).toEqual({ previousVersion: version });

    const deleting = await gql('mutation($v: String!) { deleteModelVersion(project: "parts", version: $v) { id version status } }', { v: version });
    expect(deleting.errors).toBeUndefined();
    expect(deleting.data.deleteModelVersion).toMatchObject({ version, status: 'DELETING', id: trained.data.trainModel.id });
    await waitFor(() => gql('{ modelVersions(project: "parts") { version } }'), (a) => a.data.modelVersions.length === 0);
    const events = await gql('query($v: String!) { modelEvents(project: "parts", version: $v) { action actor result } }', { v: version });
    expect(events.data.modelEvents.map((e: { action: string; result: string }) => `${e.action} ${e.result}`)).toEqual(['delete DELETING', 'remove-alias ok', 'delete CONFLICT', 'set-alias ok', 'train TRAINING']);
    const unknownProject = await gql('{ modelEvents(project: "nope", version: "latest") { action } }');
    expect(unknownProject.errors?.[0]).toMatchObject({ message: 'Project nope does not exist.', extensions: { code: 'NOT_FOUND', resourceType: 'PROJECT' } });
  });

  it('answers trainModel at once with TRAINING without wait, and shows the progress in modelVersion', async () => {
    const started = await gql('mutation { trainModel(project: "parts") { version status } }');
    expect(started.data.trainModel.status).toBe('TRAINING');
    const model = await settledModel(engine.client, 'parts', started.data.trainModel.version);
    expect(model.Status).toBe('TRAINED');
  });
});
