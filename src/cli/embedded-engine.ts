import { buildEngine } from '../engine/build-engine';
import { listen } from '../server/listen';

/**
 * The engine inside the gateway's process, on a free loopback port. The
 * gateway still reaches it through the SDK client over HTTP, exactly as it
 * would reach AWS, so the embedded and remote set-ups behave the same.
 */
export async function startEmbeddedEngine(dataDir: string, region: string, account?: string): Promise<{ url: string; stop(): Promise<void> }> {
  const engine = buildEngine({ dataDir, region, account });
  const http = await listen(engine.handler, 0, '127.0.0.1');
  return {
    url: http.url,
    stop: async () => {
      await http.close();
      await engine.close();
    },
  };
}
