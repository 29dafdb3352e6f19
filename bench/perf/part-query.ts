import type { Bench } from './context';
import type { GatewayClient } from './gateway-client';
import { alternate, load } from './load';
import { startBareApollo, type Child } from './processes';
import { round } from './stats';
import { summarize, type Summary } from './summary';

export const PROJECTS_QUERY = '{ projects { name modelVersions { version status } } }';

export interface QueryFigure {
  connections: number;
  gateway: Summary;
  /** The same gateway build with READ_CACHE_TTL_MS=0: every read goes upstream. */
  gatewayNoSharedCache: Summary;
  bare: Summary;
  throughputRatio: number;
  throughputRatioNoSharedCache: number;
}

/**
 * Part 2: the projects query through the gateway (as configured by default,
 * and with the shared read cache off) against a bare Apollo Server 5 on
 * Express 5 answering a constant field, both over HTTP, rounds alternating.
 */
export async function queryPath(b: Bench, uncached: { child: Child; client: GatewayClient }, connections: number): Promise<QueryFigure> {
  const bare = await startBareApollo();
  try {
    const body = JSON.stringify({ query: PROJECTS_QUERY });
    const bareBody = JSON.stringify({ query: '{ hello }' });
    const verifyProjects = (s: string) => s.includes('"projects":[') && !s.includes('"errors"');
    await b.gw.request(PROJECTS_QUERY);
    await uncached.client.request(PROJECTS_QUERY);
    const hello = await fetch(`${bare.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bareBody }).then((r) => r.text());
    if (!hello.includes('"hello":"world"')) throw new Error(`the bare Apollo Server answered ${hello}`);
    const processes = { gateway: b.gateway.pid, 'gateway (no shared cache)': uncached.child.pid, engine: b.engine.pid, 'bare Apollo': bare.pid };
    const sides = {
      gateway: (seconds = b.seconds) => load({ url: `${b.gateway.url}/graphql`, method: 'POST', headers: b.gw.headers, body, connections, seconds, verify: verifyProjects, processes }),
      uncached: (seconds = b.seconds) =>
        load({ url: `${uncached.child.url}/graphql`, method: 'POST', headers: uncached.client.headers, body, connections, seconds, verify: verifyProjects, processes }),
      bare: (seconds = b.seconds) =>
        load({ url: `${bare.url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body: bareBody, connections, seconds, verify: (s) => s.includes('"hello":"world"'), processes }),
    };
    b.log(`part 2: query path, ${connections} connections: warm-up, then ${b.rounds} round(s) of ${b.seconds} s per side`);
    if (b.warmup) for (const side of Object.values(sides)) await side(b.warmup);
    const runs = await alternate(b.rounds, { gateway: () => sides.gateway(), uncached: () => sides.uncached(), bare: () => sides.bare() });
    const gateway = summarize(runs.gateway);
    const gatewayNoSharedCache = summarize(runs.uncached);
    const bareSummary = summarize(runs.bare);
    return {
      connections,
      gateway,
      gatewayNoSharedCache,
      bare: bareSummary,
      throughputRatio: round(gateway.rps / bareSummary.rps, 3),
      throughputRatioNoSharedCache: round(gatewayNoSharedCache.rps / bareSummary.rps, 3),
    };
  } finally {
    await bare.stop();
  }
}
