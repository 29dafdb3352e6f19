import { CreateModelCommand, DescribeDatasetCommand, ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_BUILD, startChildEngine } from '../support/child-engine';
import { sdkClient, tempDataDir, waitFor } from '../support/engine-harness';
import { OUTPUT_CONFIG, describeModel, projectWithDataset } from '../support/model-fixtures';

const dataDir = tempDataDir('lookout-shutdown-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!HAVE_BUILD)('SIGTERM during a training (needs `npm run build`; `npm test` builds first)', () => {
  it('cancels the running and the queued training, exits within seconds, and keeps everything else', async () => {
    const first = await startChildEngine(dataDir);
    const client = sdkClient(first.url);
    // Enough images that the training outlasts the wait below several times over: 6 s on the 2-core VM of BENCHMARKS.md, the wait 1.5 s.
    await projectWithDataset(client, dataDir, 'p', { normal: 150, anomaly: 20 });
    const running = await client.send(new CreateModelCommand({ ProjectName: 'p', OutputConfig: OUTPUT_CONFIG }));
    const queued = await client.send(new CreateModelCommand({ ProjectName: 'p', OutputConfig: OUTPUT_CONFIG }));
    expect(queued.ModelMetadata?.StatusMessage).toMatch(/Queued for training, position 1/);
    // Let the worker get into the images.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await describeModel(client, 'p', '1')).Status).toBe('TRAINING');

    const signalled = Date.now();
    first.process.kill('SIGTERM');
    await first.exited;
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(first.process.exitCode).toBe(0);

    const second = await startChildEngine(dataDir);
    try {
      const after = sdkClient(second.url);
      for (const version of [running, queued].map((m) => m.ModelMetadata!.ModelVersion!)) {
        expect(await describeModel(after, 'p', version)).toMatchObject({
          Status: 'TRAINING_FAILED',
          StatusMessage: 'Training was cancelled because the engine shut down; create the model again.',
        });
      }
      expect(existsSync(join(dataDir, 'models', 'p', '1'))).toBe(false);
      expect((await after.send(new ListProjectsCommand({}))).Projects?.map((p) => p.ProjectName)).toEqual(['p']);
      const dataset = await waitFor(() => after.send(new DescribeDatasetCommand({ ProjectName: 'p', DatasetType: 'train' })), () => true);
      expect(dataset.DatasetDescription).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 170, Normal: 150, Anomaly: 20 } });
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);
});
