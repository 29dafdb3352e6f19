import { host, type Bench } from './context';
import { detectBody } from './gateway-client';
import { alternate, load, type LoadResult } from './load';
import { round } from './stats';
import { summarize, type Summary } from './summary';

export interface DetectionImage {
  label: string;
  bytes: Buffer;
  type: 'image/png' | 'image/jpeg';
  /** The loads this image is measured at, when not every one. */
  loads?: { connections: number; units: number }[];
}

export interface DetectionFigure {
  image: string;
  imageBytes: number;
  connections: number;
  /** Inference units the model was hosted with (min = max). */
  units: number;
  direct: Summary;
  gateway: Summary;
  /** Gateway minus direct, ms (medians). */
  p50DiffMs: number;
  p99DiffMs: number;
  /** Gateway throughput over direct. */
  throughputRatio: number;
}

/**
 * Part 1: DetectAnomalies straight to the engine (the SDK's own signed
 * request, replayed by autocannon) against detectAnomalies through the
 * gateway (a GraphQL multipart request with the preflight header and an API
 * key), same image, same connections, the model hosted with the units
 * given (one unit leaves a core to the gateway; two make the gateway's CPU
 * compete with inference); rounds alternate between the two sides.
 */
export async function detectionOverhead(b: Bench, images: DetectionImage[], loads: { connections: number; units: number }[]): Promise<DetectionFigure[]> {
  const { project, version } = b.main;
  const processes = { gateway: b.gateway.pid, engine: b.engine.pid };
  const figures: DetectionFigure[] = [];
  for (const image of images) {
    const body = detectBody(project, version, image.bytes, image.type);
    const headers = { ...body.headers, ...b.gw.authorization() };
    // Both sides answer, and answer alike, before anything is timed.
    const direct = (await b.upstream.detect(project, version, image.bytes, image.type)).DetectAnomalyResult!;
    const through = (await b.gw.multipart(body)).detectAnomalies as { isAnomalous: boolean };
    if (direct.IsAnomalous !== through.isAnomalous) throw new Error(`the gateway answered isAnomalous ${through.isAnomalous}, the engine ${direct.IsAnomalous}`);
    for (const { connections: c, units } of image.loads ?? loads) {
      await host(b, b.main, units);
      const sides = {
        direct: async (seconds = b.seconds): Promise<LoadResult> => {
          const signed = await b.upstream.signedDetect(project, version, image.bytes, image.type);
          return load({ url: `${b.engine.url}${signed.path}`, method: 'POST', headers: signed.headers, body: signed.body, connections: c, seconds, verify: (s) => s.includes('"IsAnomalous"'), processes });
        },
        gateway: (seconds = b.seconds): Promise<LoadResult> =>
          load({ url: `${b.gateway.url}/graphql`, method: 'POST', headers, body: body.body, connections: c, seconds, verify: (s) => s.includes('"detectAnomalies":{') && !s.includes('"errors"'), processes }),
      };
      b.log(`part 1: ${image.label}, ${c} connection(s), ${units} unit(s): warm-up, then ${b.rounds} round(s) of ${b.seconds} s per side`);
      if (b.warmup) {
        await sides.direct(b.warmup);
        await sides.gateway(b.warmup);
      }
      const runs = await alternate(b.rounds, { direct: () => sides.direct(), gateway: () => sides.gateway() });
      const d = summarize(runs.direct);
      const g = summarize(runs.gateway);
      figures.push({
        image: image.label,
        imageBytes: image.bytes.length,
        connections: c,
        units,
        direct: d,
        gateway: g,
        p50DiffMs: round(g.p50 - d.p50),
        p99DiffMs: round(g.p99 - d.p99),
        throughputRatio: round(g.rps / d.rps, 3),
      });
    }
  }
  return figures;
}
