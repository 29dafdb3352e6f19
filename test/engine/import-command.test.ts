import { DescribeDatasetCommand, ListDatasetEntriesCommand } from '@aws-sdk/client-lookoutvision';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/import-command';
import { DEFECT_COLOR, syntheticPart } from '../../src/demo/synthetic-parts';
import { startEngine, type RunningEngine } from '../support/engine-harness';
import { HAVE_SAMPLES, SAMPLES_DIR, SAMPLES_MISSING } from '../support/samples';

let e: RunningEngine;
let folder: string;
beforeEach(async () => {
  e = await startEngine();
  folder = mkdtempSync(join(tmpdir(), 'lookout-folder-'));
});
afterEach(async () => {
  await e.close();
  rmSync(folder, { recursive: true, force: true });
});

const run = (...args: string[]) => importCommand(['--endpoint', e.url, '--data', e.dataDir, ...args], {});
const stats = (project: string) =>
  e.client.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: 'train' })).then((o) => o.DatasetDescription!);

describe('lookout-gateway import-dataset', () => {
  it('turns normal/, anomaly/ and mask/ folders into a labelled segmentation dataset through the SDK', async () => {
    for (const sub of ['normal', 'anomaly', 'mask']) mkdirSync(join(folder, sub));
    for (let i = 0; i < 4; i++) writeFileSync(join(folder, 'normal', `n${i}.png`), (await syntheticPart('normal', i)).png);
    for (let i = 0; i < 3; i++) {
      const part = await syntheticPart('anomaly', i);
      writeFileSync(join(folder, 'anomaly', `a${i}.png`), part.png);
      writeFileSync(join(folder, 'mask', `a${i}.png`), part.mask!);
    }
    writeFileSync(join(folder, 'normal', 'notes.txt'), 'not an image');
    await run('--project', 'folder', '--folder', folder, '--create-project');
    expect(await stats('folder')).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 7, Labeled: 7, Normal: 4, Anomaly: 3 } });
    const entries = await e.client.send(new ListDatasetEntriesCommand({ ProjectName: 'folder', DatasetType: 'train', AnomalyClass: 'anomaly' }));
    const entry = JSON.parse(entries.DatasetEntries![0]);
    expect(entry['source-ref']).toMatch(/^s3:\/\/lookout-import\/folder\/train-\d+\/anomaly\/a0\.png$/);
    expect(entry['anomaly-mask-ref-metadata']['internal-color-map']).toEqual({ '0': { 'class-name': 'anomaly', 'hex-color': DEFECT_COLOR } });
  });

  it('refuses a folder without images, and several mask colours without --class', async () => {
    await expect(run('--project', 'x', '--folder', folder, '--create-project')).rejects.toThrow(/no images under normal\/ or anomaly\//);
    mkdirSync(join(folder, 'anomaly'));
    mkdirSync(join(folder, 'mask'));
    const part = await syntheticPart('anomaly', 1);
    writeFileSync(join(folder, 'anomaly', 'a.png'), part.png);
    writeFileSync(join(folder, 'mask', 'a.png'), (await syntheticPart('normal', 1)).png); // a grey picture: many colours
    await expect(run('--project', 'x', '--folder', folder, '--create-project')).rejects.toThrow(/--class NAME=#RRGGBB/);
  });

  it('refuses a second dataset of the same type before copying anything, and removes the copy of a manifest the engine could not read', async () => {
    mkdirSync(join(folder, 'normal'));
    for (let i = 0; i < 2; i++) writeFileSync(join(folder, 'normal', `n${i}.png`), (await syntheticPart('normal', i)).png);
    await run('--project', 'twice', '--folder', folder, '--create-project');
    const copies = () => readdirSync(join(e.dataDir, 's3', 'lookout-import', 'twice'));
    expect(copies()).toHaveLength(1);
    await expect(run('--project', 'twice', '--folder', folder)).rejects.toThrow(/project twice already has a train dataset \(CREATE_COMPLETE\)/);
    expect(copies()).toHaveLength(1);
    // An image the engine cannot decode: the dataset fails to import, and its copy goes.
    writeFileSync(join(folder, 'normal', 'broken.png'), 'not a png');
    await run('--project', 'twice', '--folder', folder, '--type', 'test');
    expect((await e.client.send(new DescribeDatasetCommand({ ProjectName: 'twice', DatasetType: 'test' }))).DatasetDescription?.Status).toBe('CREATE_FAILED');
    expect(copies()).toHaveLength(1);
    process.exitCode = undefined;
  });

  it.skipIf(!HAVE_SAMPLES)(`imports the aliens sample folder (${HAVE_SAMPLES ? 'present' : SAMPLES_MISSING})`, async () => {
    await run('--project', 'aliens', '--folder', join(SAMPLES_DIR, 'aliens'), '--create-project');
    expect(await stats('aliens')).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 118, Normal: 58, Anomaly: 60 } });
  }, 60_000);
});
