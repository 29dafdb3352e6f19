import { host, unhost, type Bench, type BenchModel, type SizeLabel } from './context';
import { alternate, load, type LoadResult } from './load';
import { round } from './stats';
import { summarize, type Summary } from './summary';

export interface EngineFigure {
  /** One unit, one connection: a detection's own time per image size. */
  perSize: { size: SizeLabel; width: number; height: number; imageBytes: number; summary: Summary }[];
  /** The same model with one unit, then two, under `connections` connections. */
  units: { connections: number; one: Summary; two: Summary; ratio: number };
}

/** DetectAnomalies straight to the engine: the SDK's signed request replayed; nothing of the gateway on the way. */
async function detectDirect(b: Bench, model: BenchModel, connections: number, seconds = b.seconds): Promise<LoadResult> {
  const signed = await b.upstream.signedDetect(model.project, model.version, model.image, 'image/jpeg');
  return load({
    url: `${b.engine.url}${signed.path}`,
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
    connections,
    seconds,
    verify: (s) => s.includes('"IsAnomalous"'),
    processes: { engine: b.engine.pid, 'gateway (idle)': b.gateway.pid },
  });
}

/**
 * Part 4: the engine alone. The load generator is this process; requests go
 * straight to the engine process, signed as the SDK signs them; the gateway
 * process is idle meanwhile (its CPU use is measured and reported). Per image
 * size: one unit, one connection. Units: the 1 MP model restarted with one
 * unit or two (min = max), rounds alternating, under four connections.
 */
export async function engineAlone(b: Bench, connections = 4): Promise<EngineFigure> {
  const labels = Object.keys(b.models) as SizeLabel[];
  for (const label of labels) await host(b, b.models[label], 1);
  b.log(`part 4: p50 per image size (${labels.join(', ')}), one unit, one connection: ${b.rounds} round(s) of ${b.seconds} s each`);
  if (b.warmup) for (const label of labels) await detectDirect(b, b.models[label], 1, b.warmup);
  const perSizeRuns: Record<string, LoadResult[]> = Object.fromEntries(labels.map((l) => [l, []]));
  for (let r = 0; r < b.rounds; r++) {
    for (const label of r % 2 ? [...labels].reverse() : labels) perSizeRuns[label].push(await detectDirect(b, b.models[label], 1));
  }
  const perSize = labels.map((label) => {
    const m = b.models[label];
    return { size: label, width: m.size.width, height: m.size.height, imageBytes: m.image.length, summary: summarize(perSizeRuns[label]) };
  });
  // Only the 1 MP model stays hosted: the others would hold inference units (the engine allows 2 per core in all).
  for (const label of labels) if (b.models[label] !== b.main) await unhost(b, b.models[label]);

  b.log(`part 4: 1 unit vs 2 units, ${connections} connections: ${b.rounds} round(s) of ${b.seconds} s per side (each switch restarts the model)`);
  const side = (units: number) => async () => {
    await host(b, b.main, units);
    if (b.warmup) await detectDirect(b, b.main, connections, b.warmup);
    return detectDirect(b, b.main, connections);
  };
  const runs = await alternate(b.rounds, { one: side(1), two: side(2) });
  await host(b, b.main, 1);
  const one = summarize(runs.one);
  const two = summarize(runs.two);
  return { perSize, units: { connections, one, two, ratio: round(two.rps / one.rps, 3) } };
}
