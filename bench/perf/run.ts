import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { host, type Bench, type BenchModel, type SizeLabel } from './context';
import { GatewayClient } from './gateway-client';
import { otherProcessesPerRun } from './load';
import { partImage, partOfFileSize, trainingSet, type Size } from './images';
import { upstreamCalls } from './part-calls';
import { coldPaths } from './part-cold';
import { detectionOverhead, type DetectionImage } from './part-detection';
import { pacedDetections } from './part-paced-detection';
import { engineAlone } from './part-engine';
import { profileDetection, profileQuery, profileUploads } from './part-profile';
import { queryPath } from './part-query';
import { oneImageAtATime, prepareUploads, uploads, type UploadSetup } from './part-uploads';
import { DATASET_BUCKET, REPO, startEngine, startGateway, type Child } from './processes';
import { details, table, targets, type Results } from './report';
import { machineLoad, median, round } from './stats';
import { Upstream } from './upstream';

/*
 * `npm run bench`: the gateway and its engine side by side, as separate
 * processes on loopback, under autocannon (see BENCHMARKS.md, "Gateway and
 * engine performance"). BENCH_SMOKE=1 runs every part for a second on small
 * images, asserting nothing (CI). BENCH_ROUNDS and BENCH_SECONDS override the
 * rounds per side and the seconds per round; BENCH_PARTS=1,3,profile runs only
 * those parts (1-6 as numbered in BENCHMARKS.md, and the CPU profiles);
 * BENCH_ENGINE_NODE_ARGS passes Node options to the engine process (e.g.
 * `--cpu-prof --cpu-prof-dir /tmp/engine-profile`). Progress goes to stderr; the
 * table, the details and one JSON line to stdout (also kept in bench/.cache/results).
 */

const SMOKE = process.env.BENCH_SMOKE === '1';
const ROUNDS = positive('BENCH_ROUNDS', SMOKE ? 1 : 3);
const SECONDS = positive('BENCH_SECONDS', SMOKE ? 1 : 4);
const ALL_PARTS = ['1', '2', '3', '4', '5', '6', 'profile'];
/** BENCH_PARTS=1,4,profile runs only those parts (the setup always runs); all by default. */
const PARTS = new Set((process.env.BENCH_PARTS ?? ALL_PARTS.join(',')).split(',').map((p) => p.trim()));
for (const part of PARTS) if (!ALL_PARTS.includes(part)) throw new Error(`BENCH_PARTS: unknown part "${part}" (parts: ${ALL_PARTS.join(', ')})`);
const MiB = 2 ** 20;
const UPLOADS_PER_CONNECTION = SMOKE ? 1 : 3;

const FULL_SIZES: Record<SizeLabel, Size> = { small: { width: 320, height: 240 }, '1 MP': { width: 1152, height: 864 }, '4 MP': { width: 2304, height: 1728 } };
const SMOKE_SIZE: Size = { width: 192, height: 144 };

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

const began = performance.now();
const phases: Record<string, number> = {};
let phaseStart = began;
function phase(name: string): void {
  const now = performance.now();
  phases[name] = round((now - phaseStart) / 1000, 1);
  phaseStart = now;
}
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

async function main(): Promise<void> {
  const load = machineLoad();
  log(`${SMOKE ? 'smoke run' : 'full run'}: parts ${[...PARTS].join(', ')}; ${ROUNDS} round(s) per side, ${SECONDS} s each; ${load.cores} cores, load average ${load.loadAverage1m}`);
  const tmp = mkdtempSync(join(tmpdir(), 'lookout-bench-perf-'));
  const children: Child[] = [];
  try {
    const credentials = { accessKeyId: `BENCH${randomBytes(6).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(24).toString('base64') };
    writeFileSync(join(tmp, 'credentials'), `${credentials.accessKeyId}:${credentials.secretAccessKey}\n`, { mode: 0o600 });
    const engineDataDir = join(tmp, 'engine');
    const engine = await startEngine(engineDataDir, join(tmp, 'credentials'));
    children.push(engine);
    const upstream = new Upstream(engine.url, credentials);
    await upstream.bucket('bench-train');
    await upstream.bucket(DATASET_BUCKET);
    phase('engine start');

    // One model per image size (one in smoke mode), trained on 20 normal and 10 anomalous JPEGs of that size.
    const sizes: Record<SizeLabel, Size> = SMOKE ? { small: SMOKE_SIZE, '1 MP': SMOKE_SIZE, '4 MP': SMOKE_SIZE } : FULL_SIZES;
    const trained = new Map<string, BenchModel>();
    const models = {} as Record<SizeLabel, BenchModel>;
    for (const label of Object.keys(sizes) as SizeLabel[]) {
      const size = sizes[label];
      const key = `${size.width}x${size.height}`;
      if (!trained.has(key)) {
        const project = SMOKE ? 'bench-smoke' : `bench-${label.replace(' ', '').toLowerCase()}`;
        log(`training ${project}: 30 images of ${key}`);
        const version = await upstream.train(project, 'bench-train', await trainingSet(size, 20, 10));
        trained.set(key, { project, version, size, image: await partImage(size, 'jpeg', { seed: 1000, sigma: 8, blur: 1 }) });
      }
      models[label] = trained.get(key)!;
    }
    const trainStart = performance.now();
    for (const m of trained.values()) await upstream.trained(m.project, m.version);
    log(`trained ${trained.size} model(s) in ${round((performance.now() - trainStart) / 1000, 1)} s after the last dataset`);
    phase('images and training');

    const apiKey = randomBytes(24).toString('hex');
    const gateway = await startGateway({ dataDir: join(tmp, 'gateway'), engineUrl: engine.url, credentials, apiKey });
    children.push(gateway);
    const gw = new GatewayClient(gateway.url, apiKey);
    const b: Bench = {
      smoke: SMOKE,
      rounds: ROUNDS,
      seconds: SECONDS,
      warmup: SMOKE ? 0 : 1,
      tmp,
      credentials,
      engine,
      engineDataDir,
      upstream,
      gateway,
      gw,
      apiKey,
      models,
      main: models['1 MP'],
      hosted: new Map(),
      starts: [],
      log,
    };
    await host(b, b.main, 1);
    phase('gateway start');

    // The detection images: a PNG of about 200 KB and a JPEG of about 2 MB, of the 1 MP model's size;
    // and at one connection (sent at once and paced) a flat PNG of about 20 KB, whose difference is what the gateway costs per request apart from the bytes.
    const images: DetectionImage[] = [
      { label: 'PNG', type: 'image/png', bytes: await partOfFileSize(b.main.size, 'png', SMOKE ? 20_000 : 200_000, 2000) },
      { label: 'JPEG', type: 'image/jpeg', bytes: await partOfFileSize(b.main.size, 'jpeg', SMOKE ? 50_000 : 2_000_000, 2001) },
      { label: 'flat PNG', type: 'image/png', bytes: await partImage(b.main.size, 'png', { seed: 2002, sigma: 0, blur: 4 }), loads: [{ connections: 1, units: 1 }] },
    ];

    const results: Results = { profiles: {} };
    if (PARTS.has('5') || PARTS.has('2')) {
      // Parts 5 and 2 use a second gateway with the shared read cache off, beside the default one.
      const uncachedChild = await startGateway({
        dataDir: join(tmp, 'gateway-uncached'),
        engineUrl: engine.url,
        credentials,
        apiKey,
        env: { READ_CACHE_TTL_MS: '0', POLICY_INTERVAL_SECONDS: '3600' },
      });
      children.push(uncachedChild);
      const uncached = { child: uncachedChild, client: new GatewayClient(uncachedChild.url, apiKey) };
      if (PARTS.has('5')) {
        results.calls = await upstreamCalls(b, uncached.client);
        phase('part 5');
      }
      if (PARTS.has('2')) {
        results.query = await queryPath(b, uncached, 8);
        phase('part 2');
      }
      await uncachedChild.stop();
    }
    if (PARTS.has('1')) {
      const loads = [
        { connections: 1, units: 1 },
        { connections: 8, units: 1 },
        { connections: 8, units: 2 },
      ];
      results.detection = await detectionOverhead(b, images, loads);
      await host(b, b.main, 1);
      results.pacedDetection = await pacedDetections(b, images, [0, 2]);
      phase('part 1');
    }
    if (PARTS.has('4')) {
      results.engine = await engineAlone(b);
      phase('part 4');
    }
    let uploadSetup: UploadSetup | null = null;
    if (PARTS.has('3')) {
      uploadSetup = await prepareUploads(b, gw, SMOKE ? MiB : 8 * MiB, 16);
      // A gateway process of its own, so its memory figures are the uploads'.
      const child = await startGateway({ dataDir: join(tmp, 'gateway-uploads'), engineUrl: engine.url, credentials, apiKey });
      children.push(child);
      results.uploads = await uploads(b, { child, client: new GatewayClient(child.url, apiKey) }, uploadSetup, UPLOADS_PER_CONNECTION);
      await child.stop();
      results.oneImage = await oneImageAtATime(b, gw, SMOKE ? 150 : 2000, SMOKE ? 3 : 15);
      phase('part 3');
    }
    if (PARTS.has('profile')) {
      const seconds = SMOKE ? 1 : Math.max(3, SECONDS);
      // The two images measured at every load, as profiled before the flat PNG was measured.
      const profiled = images.filter((image) => !image.loads).reverse();
      results.profiles.detectionOneConnection = await profileDetection(b, profiled, seconds, 1);
      results.profiles.detection = await profileDetection(b, profiled, seconds, 8);
      results.profiles.query = await profileQuery(b, seconds);
      if (uploadSetup) results.profiles.uploads = await profileUploads(b, uploadSetup, uploadSetup.projects.length * UPLOADS_PER_CONNECTION);
      phase('profiles');
    }
    await gateway.stop();
    await engine.stop();
    if (PARTS.has('6')) {
      results.cold = await coldPaths(b, images[1]);
      phase('part 6');
    }

    const after = machineLoad();
    const machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      loadAverageBefore: load.loadAverage1m,
      loadAverageAfter: after.loadAverage1m,
    };
    const seconds = round((performance.now() - began) / 1000, 1);
    const others = { maxCores: round(Math.max(0, ...otherProcessesPerRun)), medianCores: round(median(otherProcessesPerRun)), runs: otherProcessesPerRun.length };
    const met = targets(results);
    const text = [
      `Lookout Gateway performance (npm run bench${SMOKE ? ', BENCH_SMOKE=1: figures not meaningful' : ''}): ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${machine.loadAverageBefore} before, ${machine.loadAverageAfter} after; ${ROUNDS} round(s) x ${SECONDS} s per side, medians; ${seconds} s in all`,
      `Other processes on the machine (not the bench's) used ${others.medianCores} cores in the median load run, ${others.maxCores} at most (${others.runs} runs)${others.maxCores > 0.2 ? ': the machine was shared, figures are lower than on a quiet one' : ': the machine was otherwise quiet'}`,
      '',
      table(results),
      '',
      'Targets:',
      ...met.map((t) => `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${t.measured}`),
      '',
      details(results),
      `Phases (s): ${JSON.stringify(phases)}`,
    ].join('\n');
    const json = JSON.stringify({ bench: 'lookout-gateway-perf', smoke: SMOKE, at: new Date().toISOString(), machine, otherProcesses: others, rounds: ROUNDS, secondsPerRound: SECONDS, seconds, phases, targets: met, results });
    console.log(text);
    console.log(json);
    const kept = join(REPO, 'bench/.cache/results');
    mkdirSync(kept, { recursive: true });
    writeFileSync(join(kept, `perf-${SMOKE ? 'smoke-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.txt`), `${text}\n${json}\n`);
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
