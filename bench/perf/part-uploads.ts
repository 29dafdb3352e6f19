import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { DescribeDatasetCommand } from '@aws-sdk/client-lookoutvision';
import type { Bench } from './context';
import { ADD_IMAGES_MUTATION, addImageBody, multipartBody, type GatewayClient } from './gateway-client';
import { noisePngUnder } from './images';
import { alternate, load, type ConnectionRequest, type LoadResult } from './load';
import { DATASET_BUCKET, type Child } from './processes';
import { median, memoryMiB, percentile, resetPeakRss, round, RssSampler } from './stats';
import { until } from './upstream';

export interface UploadFigure {
  imageBytes: number;
  connections: number;
  uploadsPerRound: number;
  /** addImages through the gateway: MB/s (10^6 bytes) of image, median over rounds. */
  gatewayMBps: number;
  /** The same bytes put straight into the engine's S3 API (PutObject), the floor under any upload path. */
  directPutMBps: number;
  ratio: number;
  gatewayP50Ms: number;
  directP50Ms: number;
  /** CPU time per upload through the gateway, ms: the gateway's and the engine's. */
  gatewayCpuMsPerUpload: number;
  engineCpuMsPerUpload: number;
  /**
   * The gateway's RSS (a gateway process of its own, started for this part)
   * before the first upload, its highest peak during the rounds (VmRSS
   * sampled every 20 ms, and the kernel's VmHWM, reset before each round),
   * and the growth between the two, MiB. Also the most one round grew over
   * the RSS it started from.
   */
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssGrowthMiB: number;
  roundGrowthMiB: number;
  /** Bytes of image in flight at once: connections x image size, MiB. */
  inFlightMiB: number;
  growthOverInFlight: number;
  peakResetByKernel: boolean;
  failed: number;
  failures: string[];
  cpu: Record<string, number>;
}

/** Projects with a dataset each, ready for addImages of `image` at one connection per project. */
export interface UploadSetup {
  image: Buffer;
  projects: string[];
}

/**
 * One project per connection, so the uploads do not wait on one another's
 * dataset update, each with a dataset made by a first addImages of the image.
 */
export async function prepareUploads(b: Bench, client: GatewayClient, maxBytes: number, connections: number): Promise<UploadSetup> {
  const { image } = await noisePngUnder(maxBytes);
  const projects = Array.from({ length: connections }, (_, i) => `bench-upload-${i}`);
  b.log(`part 3: ${connections} projects, each with a dataset made by a first addImages of the ${round(image.length / 2 ** 20)} MiB PNG`);
  for (const project of projects) {
    await client.request('mutation($name: String!) { createProject(name: $name) { name } }', { name: project });
    await client.multipart(addImageBody(project, image));
  }
  return { image, projects };
}

/** Resolves once no upload project's dataset is being updated (a round cut short may leave one settling). */
function settled(b: Bench, setup: UploadSetup): Promise<unknown> {
  return Promise.all(
    setup.projects.map((project) =>
      until(
        () => b.upstream.lookout.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: 'train' })).then((o) => o.DatasetDescription!),
        (d) => !String(d.Status).endsWith('IN_PROGRESS'),
      ),
    ),
  );
}

/** `amount` addImages, each connection to its own project, through the gateway at `url`. */
export async function uploadRound(b: Bench, url: string, client: GatewayClient, setup: UploadSetup, amount: number, processes: Record<string, number> = {}): Promise<LoadResult> {
  await settled(b, setup);
  // The gateway refuses an image its dataset has already: each upload is the same picture with a PNG text chunk of its own.
  const requests: ConnectionRequest[] = setup.projects.map((project) => {
    const { headers } = addImageBody(project, setup.image);
    return { path: '/graphql', headers: { ...headers, ...client.authorization() }, body: () => addImageBody(project, uniquePng(setup.image)).body };
  });
  return load({
    url: `${url}/graphql`,
    method: 'POST',
    headers: {},
    body: '',
    perConnection: requests,
    connections: setup.projects.length,
    amount,
    verify: (s) => s.includes('"addImages":{') && !s.includes('"errors"'),
    processes,
  });
}

interface GatewayRound extends LoadResult {
  rssBefore: number;
  rssPeak: number;
}

/**
 * Part 3: `addImages` of one large PNG per request through a gateway process
 * of its own (so its memory is the uploads'), against PutObject of the same
 * bytes straight into the engine's S3 API, each signed as the SDK signs it.
 * A round is a fixed number of uploads, timed from the first byte sent to the
 * last answer; rounds alternate.
 */
export async function uploads(b: Bench, gateway: { child: Child; client: GatewayClient }, setup: UploadSetup, perConnection: number): Promise<UploadFigure> {
  const pid = gateway.child.pid;
  const connections = setup.projects.length;
  const amount = connections * perConnection;
  const processes = { gateway: pid, engine: b.engine.pid };
  const rssBaseline = memoryMiB(pid, 'VmRSS');
  let peakResetByKernel = true;
  const through = async (): Promise<GatewayRound> => {
    await settled(b, setup);
    peakResetByKernel = resetPeakRss(pid) && peakResetByKernel;
    const rssBefore = memoryMiB(pid, 'VmRSS');
    const sampler = new RssSampler(pid);
    const result = await uploadRound(b, gateway.child.url, gateway.client, setup, amount, processes);
    const memory = sampler.stop();
    return { ...result, rssBefore, rssPeak: Math.max(memory.sampledPeakMiB, peakResetByKernel ? memory.hwmMiB : 0) };
  };
  const direct = async (): Promise<LoadResult> => {
    const requests: ConnectionRequest[] = [];
    for (let i = 0; i < connections; i++) {
      const signed = await b.upstream.signedPut(DATASET_BUCKET, `direct/${i}.png`, setup.image, 'image/png');
      requests.push({ path: signed.path, headers: signed.headers, body: signed.body });
    }
    return load({ url: b.engine.url, method: 'PUT', headers: {}, body: '', perConnection: requests, connections, amount, verify: () => true, processes });
  };
  b.log(`part 3: ${b.rounds} round(s) per side of ${amount} uploads at ${connections} connections`);
  const runs = await alternate(b.rounds, { gateway: through, direct });
  const mbps = (r: LoadResult) => (r.ok * setup.image.length) / r.seconds / 1e6;
  const gatewayMBps = median(runs.gateway.map(mbps));
  const directPutMBps = median(runs.direct.map(mbps));
  const rssPeak = Math.max(...runs.gateway.map((r) => r.rssPeak));
  const growth = rssPeak - rssBaseline;
  const inFlight = (connections * setup.image.length) / 2 ** 20;
  const cpu = Object.fromEntries(Object.keys(runs.gateway[0].cpu).map((n) => [n, round(median(runs.gateway.map((r) => r.cpu[n])))]));
  const cpuMsPerUpload = (name: string) => round(median(runs.gateway.map((r) => ((r.cpu[name] ?? NaN) * r.seconds * 1000) / r.ok)), 0);
  return {
    imageBytes: setup.image.length,
    connections,
    uploadsPerRound: amount,
    gatewayMBps: round(gatewayMBps, 1),
    directPutMBps: round(directPutMBps, 1),
    ratio: round(gatewayMBps / directPutMBps, 3),
    gatewayP50Ms: round(median(runs.gateway.map((r) => r.p50)), 0),
    directP50Ms: round(median(runs.direct.map((r) => r.p50)), 0),
    gatewayCpuMsPerUpload: cpuMsPerUpload('gateway'),
    engineCpuMsPerUpload: cpuMsPerUpload('engine'),
    rssBeforeMiB: round(rssBaseline, 1),
    rssPeakMiB: round(rssPeak, 1),
    rssGrowthMiB: round(growth, 1),
    roundGrowthMiB: round(Math.max(...runs.gateway.map((r) => r.rssPeak - r.rssBefore)), 1),
    inFlightMiB: round(inFlight, 1),
    growthOverInFlight: round(growth / inFlight, 3),
    peakResetByKernel,
    failed: [...runs.gateway, ...runs.direct].reduce((a, r) => a + r.failed, 0),
    failures: [...runs.gateway, ...runs.direct].flatMap((r) => r.failures).slice(0, 3),
    cpu,
  };
}

let uploadsMade = 0;

/** The PNG with a tEXt chunk naming a fresh upload number after its IHDR: the same pixels, other bytes. */
function uniquePng(png: Buffer): Buffer {
  const data = Buffer.from(`bench\0upload ${++uploadsMade}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const afterHeader = 8 + 25; // signature, then IHDR (4 length + 4 type + 13 data + 4 CRC)
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/**
 * The most images one addImages takes (MAX_IMAGES_PER_CALL of
 * src/schema/image-upload.args.ts, not imported: its decorators need the
 * metadata tsx does not emit).
 */
const BATCH = 100;

export interface OneImageFigure {
  /** Images in the large dataset before the timed additions. */
  entries: number;
  tries: number;
  /** addImages of one small image, one request at a time, ms: into a dataset of one image, and into the large one. */
  smallP50Ms: number;
  largeP50Ms: number;
  largeP90Ms: number;
}

/**
 * addImages of one 64x64 PNG at a time, as an app adding images as they are
 * taken sends them, timed from request to answer: into a dataset of one
 * image, and into one of `entries` images (filled beforehand in batches), so
 * the figure shows what an addition costs as a dataset grows.
 */
export async function oneImageAtATime(b: Bench, client: GatewayClient, entries: number, tries: number): Promise<OneImageFigure> {
  const tinyPngs = (count: number) =>
    Promise.all(Array.from({ length: count }, () => sharp(randomBytes(64 * 64 * 3), { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer()));
  const add = (project: string, images: Buffer[]) => {
    const files = images.map((bytes, i) => ({ path: `variables.images.${i}.file`, bytes, name: `${i}.png`, type: 'image/png' }));
    return client.multipart(multipartBody(ADD_IMAGES_MUTATION, { project, images: files.map(() => ({ file: null, label: 'NORMAL' })) }, files));
  };
  const timed = async (project: string) => {
    const times: number[] = [];
    for (const image of await tinyPngs(tries)) {
      const start = performance.now();
      await add(project, [image]);
      times.push(performance.now() - start);
    }
    return times;
  };
  b.log(`part 3: one image at a time into a dataset of 1 and of ${entries} images, ${tries} tries each`);
  for (const project of ['bench-one-small', 'bench-one-large']) await client.request('mutation($name: String!) { createProject(name: $name) { name } }', { name: project });
  await add('bench-one-small', await tinyPngs(1));
  for (let made = 0; made < entries; made += BATCH) await add('bench-one-large', await tinyPngs(Math.min(BATCH, entries - made)));
  const small = await timed('bench-one-small');
  const large = await timed('bench-one-large');
  return { entries, tries, smallP50Ms: round(median(small), 0), largeP50Ms: round(median(large), 0), largeP90Ms: round(percentile(large, 0.9), 0) };
}
