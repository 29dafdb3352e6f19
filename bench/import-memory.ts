import { CreateDatasetCommand, CreateProjectCommand, DescribeDatasetCommand } from '@aws-sdk/client-lookoutvision';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { HAVE_BUILD, startChildEngine } from '../test/support/child-engine';
import { sdkClient, tempDataDir, waitFor } from '../test/support/engine-harness';

/*
 * Peak memory of a dataset import, `npm run bench:import` (builds first).
 * For each case: a fresh data directory, that many distinct 64x64 PNGs and a
 * manifest naming them, imported through the SDK into the built engine as a
 * child process; its peak RSS is the kernel's high-water mark (VmHWM in
 * /proc/<pid>/status), read when the import has ended. The last case gives
 * every line a 5,000-character metadata field (Lookout allows 8,192), as
 * Ground Truth job metadata can: memory that follows the manifest's bytes
 * shows there.
 *
 * BENCH_RUNS=3 (default) runs per case; figures are medians over the runs.
 */

const CASES = [
  { images: 1000, padding: 0 },
  { images: 4000, padding: 0 },
  { images: 16000, padding: 0 },
  { images: 16000, padding: 5000 },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIDE = 64;

interface Run {
  manifestBytes: number;
  startRssMb: number;
  peakRssMb: number;
  seconds: number;
}

async function main(): Promise<void> {
  if (!HAVE_BUILD) throw new Error('run `npm run build` first: the bench starts dist/cli/index.js');
  const pool = tempDataDir('lookout-bench-pool-');
  try {
    const most = Math.max(...CASES.map((c) => c.images));
    console.log(`generating ${most} distinct ${SIDE}x${SIDE} PNGs...`);
    await generatePool(pool, most);
    console.log('| images | manifest | engine RSS at start | peak RSS (median) | peak RSS of each run | import time (median) |');
    console.log('|---|---|---|---|---|---|');
    for (const { images, padding } of CASES) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await importOnce(pool, images, padding));
      const peaks = runs.map((r) => r.peakRssMb);
      const manifest = `${Math.round(runs[0].manifestBytes / 1e5) / 10} MB`;
      console.log(
        `| ${images} | ${manifest} | ${median(runs.map((r) => r.startRssMb))} MB | **${median(peaks)} MB** | ${peaks.join(', ')} MB | ${median(runs.map((r) => r.seconds))} s |`,
      );
    }
  } finally {
    rmSync(pool, { recursive: true, force: true });
  }
}

/** Distinct images (a seed in the pixels), so the engine's content-addressed store keeps each one. */
async function generatePool(dir: string, count: number): Promise<void> {
  const raw = Buffer.alloc(SIDE * SIDE * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 256;
  for (let start = 0; start < count; start += 64) {
    const batch = Array.from({ length: Math.min(64, count - start) }, async (_, j) => {
      const seed = start + j;
      const pixels = Buffer.from(raw);
      pixels.writeUInt32BE(seed, 0);
      writeFileSync(join(dir, `img-${seed}.png`), await sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toBuffer());
    });
    await Promise.all(batch);
  }
}

async function importOnce(pool: string, size: number, padding: number): Promise<Run> {
  const dataDir = tempDataDir('lookout-bench-import-');
  try {
    const folder = join(dataDir, 's3', 'bucket', 'images');
    mkdirSync(folder, { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < size; i++) {
      linkSync(join(pool, `img-${i}.png`), join(folder, `img-${i}.png`));
      const label = i % 3 === 0 ? 1 : 0;
      const metadata = { 'class-name': label ? 'anomaly' : 'normal', ...(padding ? { note: 'x'.repeat(padding) } : {}) };
      lines.push(JSON.stringify({ 'source-ref': `s3://bucket/images/img-${i}.png`, 'anomaly-label': label, 'anomaly-label-metadata': metadata }));
    }
    const manifest = lines.join('\n') + '\n';
    writeFileSync(join(dataDir, 's3', 'bucket', 'train.manifest'), manifest);

    const engine = await startChildEngine(dataDir);
    try {
      const pid = engine.process.pid!;
      const startRssMb = statusMb(pid, 'VmRSS');
      const client = sdkClient(engine.url);
      await client.send(new CreateProjectCommand({ ProjectName: 'bench' }));
      const started = performance.now();
      await client.send(
        new CreateDatasetCommand({ ProjectName: 'bench', DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: 'train.manifest' } } } }),
      );
      const done = await waitFor(
        () => client.send(new DescribeDatasetCommand({ ProjectName: 'bench', DatasetType: 'train' })).then((o) => o.DatasetDescription!),
        (d) => d.Status !== 'CREATE_IN_PROGRESS',
        600_000,
      );
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      if (done.Status !== 'CREATE_COMPLETE') throw new Error(`the import ended ${done.Status}: ${done.StatusMessage}`);
      return { manifestBytes: Buffer.byteLength(manifest), startRssMb, peakRssMb: statusMb(pid, 'VmHWM'), seconds };
    } finally {
      engine.process.kill('SIGTERM');
      await engine.exited;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A memory figure of a process from /proc/<pid>/status, in MB. */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) throw new Error(`${path} is missing: the bench reads Linux's /proc`);
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'))?.[1]);
  return Math.round(kb / 1024);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round(((sorted[middle - 1] + sorted[middle]) / 2) * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
