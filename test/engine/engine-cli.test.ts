import { CreateProjectCommand, ServiceQuotaExceededException } from '@aws-sdk/client-lookoutvision';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_BUILD, runCli, startChildEngine, type ChildEngine } from '../support/child-engine';
import { sdkClient, tempDataDir } from '../support/engine-harness';

const dataDir = tempDataDir();
let child: ChildEngine | undefined;
afterAll(async () => {
  child?.process.kill('SIGTERM');
  await child?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_BUILD)('engine command-line limits', () => {
  it('lists every limit in --help', async () => {
    const { code, output } = await runCli(['engine', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--max-concurrent-trainings', '--max-total-inference-units', '--detection-queue-timeout-ms', '--max-manifest-bytes', '--max-train-images', '--object-read-timeout-ms']) {
      expect(output).toContain(flag);
    }
  });

  it.each([['--max-train-images', '0'], ['--detection-queue-timeout-ms', 'soon'], ['--max-concurrent-trainings', '-1']])('refuses %s %s with exit code 2', async (flag, value) => {
    const { code, output } = await runCli(['engine', '--port', '0', '--data', dataDir, flag, value]);
    expect(code).toBe(2);
    expect(output).toContain(flag);
  });

  it('writes synthetic images to try training with (demo-images)', async () => {
    const out = join(dataDir, 'washers');
    const { code, output } = await runCli(['demo-images', '--out', out, '--normal', '2', '--anomaly', '1']);
    expect(code).toBe(0);
    expect(output).toContain('Wrote 2 normal and 1 anomalous');
    expect(readdirSync(join(out, 'normal'))).toEqual(['washer-0.png', 'washer-1.png']);
    expect(readdirSync(join(out, 'mask'))).toEqual(['washer-0.png']);
  });

  it('applies a limit given on the command line', async () => {
    child = await startChildEngine(dataDir, ['--max-projects', '1']);
    const client = sdkClient(child.url);
    await client.send(new CreateProjectCommand({ ProjectName: 'first' }));
    await expect(client.send(new CreateProjectCommand({ ProjectName: 'second' }))).rejects.toBeInstanceOf(ServiceQuotaExceededException);
  });
});
