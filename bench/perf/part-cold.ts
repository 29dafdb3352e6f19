import type { Bench } from './context';
import { GatewayClient, detectBody } from './gateway-client';
import { spawnEmbeddedGateway } from './processes';
import { median, round } from './stats';

export interface ColdFigure {
  /** Spawn to the "Lookout Gateway at" log line (listening), ms, median. */
  listeningMs: number;
  /** Spawn to the first 200 from /readyz (polled every 20 ms), ms, median. */
  readyMs: number;
  /** Spawn to the first successful detectAnomalies on the model left hosted (the engine hosts it again at start), ms, median. */
  firstDetectionMs: number;
  rounds: { listeningMs: number; readyMs: number; firstDetectionMs: number }[];
  /** startModel to HOSTED over every start the bench made: the engine's DescribeModel (polled every 25 ms) and the gateway's answer to startModel(wait: true), ms. */
  startToHosted: { starts: number; engineMs: number; gatewayMs: number; byUnits: Record<string, { engineMs: number; gatewayMs: number }> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Part 6: the gateway as `npm start` runs it (node dist/cli/index.js serve:
 * the embedded engine, development mode) on the bench's data directory,
 * once the separate engine and gateway are stopped; each round from spawn
 * to listening, to /readyz, and to a first detection. Plus startModel to
 * HOSTED, from every start the bench made.
 */
export async function coldPaths(b: Bench, image: { bytes: Buffer; type: 'image/png' | 'image/jpeg' }): Promise<ColdFigure> {
  const rounds: ColdFigure['rounds'] = [];
  for (let r = 0; r < b.rounds; r++) {
    const started = performance.now();
    const child = spawnEmbeddedGateway(b.engineDataDir);
    try {
      let url: string | null = null;
      let listeningMs = NaN;
      while (!url) {
        const match = /Lookout Gateway at (http:\/\/[^\s]+)\/graphql/.exec(child.output());
        if (match) {
          url = match[1];
          listeningMs = performance.now() - started;
        } else if (child.process.exitCode !== null) {
          throw new Error(`the gateway exited with ${child.process.exitCode}:\n${child.output().slice(-4000)}`);
        } else if (performance.now() - started > 120_000) {
          throw new Error(`the gateway did not listen within 120 s:\n${child.output().slice(-4000)}`);
        } else await sleep(5);
      }
      while ((await fetch(`${url}/readyz`).then((res) => res.status, () => 0)) !== 200) {
        if (performance.now() - started > 120_000) throw new Error('the gateway was not ready within 120 s');
        await sleep(20);
      }
      const readyMs = performance.now() - started;
      const client = new GatewayClient(url, null);
      const body = detectBody(b.main.project, b.main.version, image.bytes, image.type);
      for (;;) {
        const ok = await client.multipart(body).then(
          () => true,
          () => false,
        );
        if (ok) break;
        if (performance.now() - started > 180_000) throw new Error('no detection succeeded within 180 s of the start');
        await sleep(50);
      }
      const firstDetectionMs = performance.now() - started;
      rounds.push({ listeningMs: round(listeningMs, 0), readyMs: round(readyMs, 0), firstDetectionMs: round(firstDetectionMs, 0) });
      b.log(`part 6: start ${r + 1}: listening ${round(listeningMs, 0)} ms, ready ${round(readyMs, 0)} ms, first detection ${round(firstDetectionMs, 0)} ms`);
    } finally {
      await child.stop();
    }
  }
  const byUnits: Record<string, { engineMs: number; gatewayMs: number }> = {};
  for (const units of [...new Set(b.starts.map((s) => s.units))]) {
    const starts = b.starts.filter((s) => s.units === units);
    byUnits[`${units} unit${units > 1 ? 's' : ''}`] = { engineMs: round(median(starts.map((s) => s.engineMs)), 0), gatewayMs: round(median(starts.map((s) => s.gatewayMs)), 0) };
  }
  return {
    listeningMs: round(median(rounds.map((r) => r.listeningMs)), 0),
    readyMs: round(median(rounds.map((r) => r.readyMs)), 0),
    firstDetectionMs: round(median(rounds.map((r) => r.firstDetectionMs)), 0),
    rounds,
    startToHosted: {
      starts: b.starts.length,
      engineMs: round(median(b.starts.map((s) => s.engineMs)), 0),
      gatewayMs: round(median(b.starts.map((s) => s.gatewayMs)), 0),
      byUnits,
    },
  };
}
