import { afterAll, beforeAll, expect, it } from 'vitest';
import { GatewayClient, GatewayRequestError } from '../src/client/gateway-client';
import {
  AddImagesDocument,
  CompareModelVersionsDocument,
  CreateProjectDocument,
  DetectAnomaliesDocument,
  ModelEventsDocument,
  PromoteModelDocument,
  SetModelAliasDocument,
  StartModelDocument,
  TrainModelDocument,
} from '../src/client/generated/graphql';
import { DEFECT_CLASS, DEFECT_COLOR, syntheticPart } from '../src/demo/synthetic-parts';
import { sdkClient, startEngine, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';

// The whole life of a model through GraphQL, as a frontend or an app drives
// it with the typed client: project, images in batches, training, comparing,
// an alias, detection by alias, a second version promoted while detections
// run, and a rollback. The real gateway over the real engine (Lookout API and
// its S3 API), nothing mocked.
let engine: RunningEngine;
let gw: RunningGateway;
let client: GatewayClient;
const PROJECT = 'assembly-5';

async function batch(kind: 'normal' | 'anomaly', count: number, seed: number) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const part = await syntheticPart(kind, seed + i);
      return kind === 'normal'
        ? { file: { bytes: part.png, name: `normal-${seed + i}.png` }, label: 'NORMAL' as const }
        : { file: { bytes: part.png, name: `anomaly-${seed + i}.png` }, label: 'ANOMALY' as const, mask: { bytes: part.mask!, name: `mask-${seed + i}.png` }, anomalyClasses: [{ name: DEFECT_CLASS, color: DEFECT_COLOR }] };
    }),
  );
}

beforeAll(async () => {
  engine = await startEngine();
  gw = await startGateway(sdkClient(engine.url));
  client = new GatewayClient(gw.url);
}, 30_000);
afterAll(async () => {
  await gw?.close();
  await engine?.close();
});

it('goes from an empty project to a promoted, rolled-back model through GraphQL alone', async () => {
  await client.request(CreateProjectDocument, { name: PROJECT });

  // 25 normal and 12 anomalous images (with masks), in three batches.
  const first = await client.request(AddImagesDocument, { project: PROJECT, images: await batch('normal', 13, 1000) });
  expect(first.addImages.status).toBe('CREATE_COMPLETE');
  await client.request(AddImagesDocument, { project: PROJECT, images: [...(await batch('normal', 12, 2000)), ...(await batch('anomaly', 6, 3000))] });
  // A bad file at index 4 of a batch leaves the dataset as it was.
  const spoiled = [...(await batch('anomaly', 6, 4000))];
  spoiled[4] = { ...spoiled[4], file: { bytes: Buffer.from('not an image at all'), name: 'broken.png' } };
  const refusal = await client.request(AddImagesDocument, { project: PROJECT, images: spoiled }).catch((e: GatewayRequestError) => e);
  expect(refusal).toBeInstanceOf(GatewayRequestError);
  expect((refusal as GatewayRequestError).errors[0].extensions).toMatchObject({ index: 4 });
  const third = await client.request(AddImagesDocument, { project: PROJECT, images: await batch('anomaly', 6, 4000) });
  expect(third.addImages.imageStats).toEqual({ total: 37, labeled: 37, normal: 25, anomaly: 12 });

  // Train version 1, name it production, host it, detect by the alias.
  const v1 = (await client.request(TrainModelDocument, { project: PROJECT, description: 'first', wait: true, timeoutSeconds: 300 })).trainModel;
  expect(v1.status).toBe('TRAINED');
  await client.request(SetModelAliasDocument, { project: PROJECT, alias: 'production', version: v1.version });
  const hosted = await client.request(StartModelDocument, { project: PROJECT, version: 'production', wait: true, timeoutSeconds: 120 });
  expect(hosted.startModel).toMatchObject({ version: v1.version, status: 'HOSTED' });
  const anomaly = await syntheticPart('anomaly', 9002);
  const normal = await syntheticPart('normal', 9001);
  const verdict = await client.request(DetectAnomaliesDocument, { project: PROJECT, version: 'production', file: { bytes: anomaly.png } });
  expect(verdict.detectAnomalies?.isAnomalous).toBe(true);

  // Version 2, compared with version 1 on their evaluations.
  const v2 = (await client.request(TrainModelDocument, { project: PROJECT, description: 'second', wait: true, timeoutSeconds: 300 })).trainModel;
  const compared = (await client.request(CompareModelVersionsDocument, { project: PROJECT })).modelVersions;
  expect(compared.map((m) => m.version)).toEqual([v1.version, v2.version]);
  for (const model of compared) {
    expect(model.evaluation?.rocAuc).toBeGreaterThanOrEqual(0);
    expect(model.evaluation?.rocAuc).toBeLessThanOrEqual(1);
    const c = model.evaluation!.confusion!;
    expect(c.tp + c.fp + c.tn + c.fn).toBe(model.evaluation!.imagesTested);
  }
  expect(compared[0].aliases).toEqual(['production']);

  // Promote version 2 while detections by alias run: none may fail.
  const switchWhileDetecting = async (version: string) => {
    let running = true;
    const outcomes: string[] = [];
    const loop = (async () => {
      while (running) {
        const outcome = await client
          .request(DetectAnomaliesDocument, { project: PROJECT, version: 'production', file: { bytes: outcomes.length % 2 ? normal.png : anomaly.png } })
          .then(() => 'ok', (e: GatewayRequestError) => e.codes.join(','));
        outcomes.push(outcome);
      }
    })();
    const promoted = await client.request(PromoteModelDocument, { project: PROJECT, version, alias: 'production', stopPrevious: true, timeoutSeconds: 120 });
    // A few more detections after the switch, on the new version.
    const after = outcomes.length;
    while (outcomes.length < after + 5) await new Promise((r) => setTimeout(r, 20));
    running = false;
    await loop;
    return { promoted: promoted.promoteModel, outcomes };
  };

  const toV2 = await switchWhileDetecting(v2.version);
  expect(toV2.promoted).toMatchObject({ alias: 'production', version: v2.version, previousVersion: v1.version, stoppedPrevious: true });
  expect(toV2.outcomes.length).toBeGreaterThan(5);
  expect(toV2.outcomes.filter((o) => o !== 'ok')).toEqual([]);

  // Roll back: promote version 1 again, with the same guarantee.
  const back = await switchWhileDetecting(v1.version);
  expect(back.promoted).toMatchObject({ version: v1.version, previousVersion: v2.version });
  expect(back.outcomes.filter((o) => o !== 'ok')).toEqual([]);

  // The alias history is in the audit.
  const events = (await client.request(ModelEventsDocument, { project: PROJECT, version: v1.version, last: 20 })).modelEvents.map((e) => e.action);
  expect(events).toEqual(expect.arrayContaining(['set-alias', 'promote', 'start', 'stop', 'train']));
}, 240_000);
