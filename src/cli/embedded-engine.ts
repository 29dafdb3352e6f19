import { randomBytes } from 'node:crypto';
import type { AwsCredentialIdentity } from '@smithy/types';
import { buildEngine } from '../engine/build-engine';
import { listen } from '../server/listen';

export interface EmbeddedEngine {
  url: string;
  /** The only credentials the engine accepts; sign the gateway's requests with them. */
  credentials: AwsCredentialIdentity;
  stop(): Promise<void>;
}

/**
 * The engine inside the gateway's process, on a free loopback port. The
 * gateway still reaches it through the SDK client over HTTP, exactly as it
 * would reach AWS, so the embedded and remote set-ups behave the same.
 * It requires signed requests with credentials made fresh at each start and
 * held only in memory (never written, never logged): other processes on this
 * machine can reach the port, but cannot use it.
 */
export async function startEmbeddedEngine(dataDir: string, region: string, account?: string): Promise<EmbeddedEngine> {
  const credentials = freshCredentials();
  const engine = buildEngine({ dataDir, region, account, credentials: new Map([[credentials.accessKeyId, credentials.secretAccessKey]]) });
  const http = await listen(engine.handler, 0, '127.0.0.1', {}, engine.faults);
  return {
    url: http.url,
    credentials,
    stop: async () => {
      await http.close();
      await engine.close();
    },
  };
}

function freshCredentials(): AwsCredentialIdentity {
  return { accessKeyId: `EMBEDDED${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
}
