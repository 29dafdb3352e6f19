import type { GatewayClient } from './gateway-client';
import type { Size } from './images';
import type { Child, EngineCredentials } from './processes';
import type { Upstream } from './upstream';

export type SizeLabel = 'small' | '1 MP' | '4 MP';

export interface BenchModel {
  project: string;
  version: string;
  size: Size;
  /** A normal JPEG (quality 90) of the model's size, not in its training set. */
  image: Buffer;
}

/** What every part of the bench shares. */
export interface Bench {
  smoke: boolean;
  /** Rounds per side of each figure (medians are over these). */
  rounds: number;
  /** Length of one round of a load run. */
  seconds: number;
  /** Length of the warm-up run before a figure's rounds (0: none). */
  warmup: number;
  tmp: string;
  credentials: EngineCredentials;
  engine: Child;
  engineDataDir: string;
  upstream: Upstream;
  gateway: Child;
  gw: GatewayClient;
  apiKey: string;
  /** One model per image size (in smoke mode all three are one small model). */
  models: Record<SizeLabel, BenchModel>;
  /** The model detections go to in parts 1 and 4 (its units are set by `host`). */
  main: BenchModel;
  /** Inference units each hosted model has now, by `project/version`. */
  hosted: Map<string, number>;
  /** startModel to HOSTED, every start the bench made. */
  starts: StartTiming[];
  log(line: string): void;
}

export interface StartTiming {
  project: string;
  units: number;
  /** The engine answered HOSTED to DescribeModel (polled every 25 ms). */
  engineMs: number;
  /** startModel(wait: true) through the gateway answered. */
  gatewayMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Hosts `model` with exactly `units` inference units (stopping it first if it
 * runs with others), through the gateway's startModel(wait: true); each start
 * is timed, from the mutation sent to HOSTED, as the engine reports it and as
 * the gateway answers.
 */
export async function host(b: Bench, model: BenchModel, units: number): Promise<void> {
  const key = `${model.project}/${model.version}`;
  const now = b.hosted.get(key);
  if (now === units) return;
  if (now !== undefined) await unhost(b, model);
  const started = performance.now();
  let engineMs = NaN;
  let waiting = true;
  const poll = (async () => {
    while (waiting) {
      const m = await b.upstream.describeModel(model.project, model.version);
      if (m.Status === 'HOSTED') {
        engineMs = performance.now() - started;
        return;
      }
      await sleep(25);
    }
  })();
  const status = await b.gw.startModel(model.project, model.version, units);
  const gatewayMs = performance.now() - started;
  waiting = false;
  await poll;
  if (status !== 'HOSTED') throw new Error(`startModel of ${key} answered ${status}`);
  b.hosted.set(key, units);
  b.starts.push({ project: model.project, units, engineMs: Number.isNaN(engineMs) ? gatewayMs : engineMs, gatewayMs });
}

export async function unhost(b: Bench, model: BenchModel): Promise<void> {
  const key = `${model.project}/${model.version}`;
  if (!b.hosted.has(key)) return;
  const status = await b.gw.stopModel(model.project, model.version);
  if (status !== 'TRAINED') throw new Error(`stopModel of ${key} answered ${status}`);
  b.hosted.delete(key);
}
