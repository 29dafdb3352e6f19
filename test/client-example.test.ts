import { afterAll, beforeAll, expect, it } from 'vitest';
import { trainPromoteDetect } from '../src/client/examples/train-promote-detect';
import { GatewayClient } from '../src/client/gateway-client';
import { sdkClient, startEngine, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';

// The example app of the typed client runs against the real gateway and engine, so it cannot rot.
let engine: RunningEngine;
let gw: RunningGateway;
beforeAll(async () => {
  engine = await startEngine();
  gw = await startGateway(sdkClient(engine.url));
});
afterAll(async () => {
  await gw?.close();
  await engine?.close();
});

it('trains, promotes and detects through the typed client', async () => {
  const lines: string[] = [];
  const result = await trainPromoteDetect(new GatewayClient(gw.url), 'example-washers', (line) => lines.push(line));
  expect(result.verdicts).toEqual([false, true]);
  expect(lines.join('\n')).toMatch(/production -> version 1 \(HOSTED\)/);
}, 120_000);
