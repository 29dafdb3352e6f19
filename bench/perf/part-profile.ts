import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { host, type Bench } from './context';
import { GatewayClient, detectBody } from './gateway-client';
import type { DetectionImage } from './part-detection';
import { load } from './load';
import { PROJECTS_QUERY } from './part-query';
import { uploadRound, type UploadSetup } from './part-uploads';
import { REPO, startGateway } from './processes';
import { round } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds from the previous sample (the first: from startTime). */
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileFigure {
  /** The load profiled. */
  what: string;
  file: string;
  /** Time profiled under load (the samples between the load's start and end), ms. */
  totalMs: number;
  /** Share of the samples that were idle: the event loop waiting. */
  idleShare: number;
  /** Self time by function, the top ones, with their share of the busy (non-idle) time. */
  functions: { name: string; where: string; ms: number; share: number }[];
  /** Self time by where the code lives: a package, Node's internals, the gateway's own code, GC. */
  areas: { area: string; ms: number; share: number }[];
}

/**
 * A CPU profile (`node --cpu-prof`) of a gateway process of its own, so the
 * profiler's cost touches no other figure, while `work` loads it; only the
 * samples taken during `work` are summarized.
 */
async function profileGateway(b: Bench, name: string, what: string, work: (url: string, client: GatewayClient) => Promise<void>): Promise<ProfileFigure> {
  const dir = join(REPO, 'bench/.cache/profiles', `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`);
  mkdirSync(dir, { recursive: true });
  let loadStart = NaN;
  let loadEnd = NaN;
  const child = await startGateway({
    dataDir: join(b.tmp, `gateway-profiled-${name}`),
    engineUrl: b.engine.url,
    credentials: b.credentials,
    apiKey: b.apiKey,
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  try {
    const client = new GatewayClient(child.url, b.apiKey);
    loadStart = performance.now();
    await work(child.url, client);
    loadEnd = performance.now();
  } finally {
    await child.stop();
  }
  // The profile ends as the process exits: the load's window, counted back from there.
  const exitedAt = performance.now();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile was written in ${dir}`);
  return { what, ...summarizeProfile(join(dir, file), { fromEndMs: exitedAt - loadStart, toEndMs: exitedAt - loadEnd }) };
}

/**
 * The gateway during detections at `connections`, each image for `seconds`:
 * at 1 connection its work is on every answer's path (the latency target),
 * at 8 it competes with inference for the cores (the throughput target).
 */
export async function profileDetection(b: Bench, images: DetectionImage[], seconds: number, connections: number): Promise<ProfileFigure> {
  await host(b, b.main, 1);
  const what = `detectAnomalies of ${images.map((i) => i.label).join(' then ')} at ${connections} connection(s), ${seconds} s each, the model hosted with 1 unit`;
  b.log(`profile: the gateway under --cpu-prof, ${what}`);
  const bodies = images.map((image) => detectBody(b.main.project, b.main.version, image.bytes, image.type));
  return profileGateway(b, `detection-${connections}`, what, async (url, client) => {
    for (const body of bodies) await client.multipart(body);
    for (const body of bodies) {
      await load({ url: `${url}/graphql`, method: 'POST', headers: { ...body.headers, ...client.authorization() }, body: body.body, connections, seconds, verify: (s) => s.includes('"detectAnomalies":{') });
    }
  });
}

/** The gateway taking `amount` addImages uploads of part 3 (whose projects and datasets `setup` made). */
export async function profileUploads(b: Bench, setup: UploadSetup, amount: number): Promise<ProfileFigure> {
  const what = `${amount} addImages uploads of ${round(setup.image.length / 2 ** 20)} MiB at ${setup.projects.length} connections`;
  b.log(`profile: the gateway under --cpu-prof, ${what}`);
  return profileGateway(b, 'uploads', what, async (url, client) => {
    await uploadRound(b, url, client, setup, amount);
  });
}

/** The gateway answering the projects query at 8 connections for `seconds`, its shared read cache as configured by default. */
export async function profileQuery(b: Bench, seconds: number): Promise<ProfileFigure> {
  const what = `the projects query at 8 connections, ${seconds} s, default configuration`;
  b.log(`profile: the gateway under --cpu-prof, ${what}`);
  return profileGateway(b, 'query', what, async (url, client) => {
    await client.request(PROJECTS_QUERY);
    await load({ url: `${url}/graphql`, method: 'POST', headers: client.headers, body: JSON.stringify({ query: PROJECTS_QUERY }), connections: 8, seconds, verify: (s) => s.includes('"projects":[') });
  });
}

function area(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const own = /bench\/\.cache\/dist\/([^/]+)/.exec(url);
  if (own) return `gateway: src/${own[1]}`;
  return url;
}

/** Self time by function and by area; only the samples inside `window` (ms before the profile's end) when given. */
export function summarizeProfile(path: string, window?: { fromEndMs: number; toEndMs: number }, top = 12): Omit<ProfileFigure, 'what'> {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const from = window ? profile.endTime - window.fromEndMs * 1000 : -Infinity;
  const to = window ? profile.endTime - window.toEndMs * 1000 : Infinity;
  // Each sample stands for the time until the next one.
  const selfMs = new Map<number, number>();
  let at = profile.startTime;
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    const ms = (i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0) / 1000;
    if (at < from || at > to) continue;
    totalMs += ms;
    selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + ms);
  }
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  const areas = new Map<string, number>();
  let idle = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const where = url ? `${url.startsWith('file://') ? relative(REPO, url.slice(7)) : url}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
  }
  const busy = totalMs - idle;
  return {
    file: relative(REPO, path),
    totalMs: round(totalMs, 0),
    idleShare: round(idle / totalMs, 3),
    functions: [...functions.values()]
      .sort((x, y) => y.ms - x.ms)
      .slice(0, top)
      .map((f) => ({ ...f, ms: round(f.ms, 0), share: round(f.ms / busy, 3) })),
    areas: [...areas]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([name, ms]) => ({ area: name, ms: round(ms, 0), share: round(ms / busy, 3) })),
  };
}
