import { CreateDatasetCommand, CreateProjectCommand, DescribeDatasetCommand, ListProjectsCommand, UpdateDatasetEntriesCommand } from '@aws-sdk/client-lookoutvision';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { makeImage } from '../support/images';
import { generateLabelledSet, putObject } from '../support/local-s3';

/*
 * An import's own failures, as a full disk or a broken database would cause
 * them, here raised by a TEMP trigger (a real SQLite error in the statement
 * that should succeed): the job never lets one escape as an unhandled
 * rejection, which would end the process, and nothing is scheduled from a
 * request whose transaction rolled back.
 */

let e: RunningEngine;
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => process.on('unhandledRejection', recordUnhandled));
afterAll(() => process.off('unhandledRejection', recordUnhandled));
beforeEach(async () => {
  e = await startEngine();
  await e.client.send(new CreateProjectCommand({ ProjectName: 'p' }));
});
afterEach(async () => {
  await e.close();
  expect(unhandled).toEqual([]);
});

const refuse = (name: string, statement: string) => e.engine.context.db.exec(`CREATE TEMP TRIGGER ${name} ${statement} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
const describeTrain = () => e.client.send(new DescribeDatasetCommand({ ProjectName: 'p', DatasetType: 'train' })).then((o) => o.DatasetDescription!);
const createFrom = (key: string) =>
  e.client.send(new CreateDatasetCommand({ ProjectName: 'p', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: key } } } }));

describe('an import whose final status cannot be written', () => {
  it('logs it, keeps serving, and writes its failure once the database takes writes again', async () => {
    const set = await generateLabelledSet(e.dataDir, { normal: 3, anomaly: 1 });
    refuse('refuse_final_status', "BEFORE UPDATE OF status ON main.datasets WHEN NEW.status != 'CREATE_IN_PROGRESS'");
    await createFrom(set.manifestKey);
    await e.engine.context.importer.idle();

    // Neither the success nor the failure could be written: still in progress, and the engine answers.
    expect(await describeTrain()).toMatchObject({ Status: 'CREATE_IN_PROGRESS', ImageStats: { Total: 0 } });
    expect((await e.client.send(new ListProjectsCommand({}))).Projects).toHaveLength(1);
    expect(e.logged.length).toBeGreaterThan(0);

    e.engine.context.db.exec('DROP TRIGGER temp.refuse_final_status');
    const d = await waitFor(describeTrain, (now) => now.Status !== 'CREATE_IN_PROGRESS', 5_000);
    expect(d).toMatchObject({ Status: 'CREATE_FAILED', StatusMessage: 'The import failed unexpectedly.', ImageStats: { Total: 0 } });
  });

  it('fails the import, dataset unchanged, when only its entries cannot be committed', async () => {
    const set = await generateLabelledSet(e.dataDir, { normal: 3, anomaly: 1 });
    refuse('refuse_entries', 'BEFORE INSERT ON main.dataset_entries');
    await createFrom(set.manifestKey);
    const d = await waitFor(describeTrain, (now) => now.Status !== 'CREATE_IN_PROGRESS');
    expect(d).toMatchObject({ Status: 'CREATE_FAILED', StatusMessage: 'The import failed unexpectedly.', ImageStats: { Total: 0 } });
  });
});

describe('a request whose transaction rolls back', () => {
  beforeEach(() => refuse('refuse_client_token', 'BEFORE INSERT ON main.client_tokens'));

  it('CreateDataset: no dataset, and no import runs', async () => {
    const set = await generateLabelledSet(e.dataDir, { normal: 3, anomaly: 1 });
    await expect(createFrom(set.manifestKey)).rejects.toMatchObject({ name: 'InternalServerException' });
    await e.engine.context.importer.idle();
    await expect(describeTrain()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('UpdateDatasetEntries: the dataset stays as it was', async () => {
    e.engine.context.db.exec('DROP TRIGGER temp.refuse_client_token');
    const set = await generateLabelledSet(e.dataDir, { normal: 3, anomaly: 1 });
    await createFrom(set.manifestKey);
    await waitFor(describeTrain, (now) => now.Status === 'CREATE_COMPLETE');
    refuse('refuse_client_token', 'BEFORE INSERT ON main.client_tokens');

    putObject(e.dataDir, 'bucket', 'new.png', await makeImage('png', 64, 64, 40));
    const changes = Buffer.from(JSON.stringify({ 'source-ref': 's3://bucket/new.png', 'anomaly-label': 1 }));
    await expect(e.client.send(new UpdateDatasetEntriesCommand({ ProjectName: 'p', DatasetType: 'train', Changes: changes }))).rejects.toMatchObject({
      name: 'InternalServerException',
    });
    await e.engine.context.importer.idle();
    expect(await describeTrain()).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 4 } });
  });
});
