import { parseArgs } from 'node:util';
import { DEFECT_CLASS, DEFECT_COLOR, syntheticPart } from '../../demo/synthetic-parts';
import { GatewayClient, GatewayRequestError } from '../gateway-client';
import { AddImagesDocument, CreateProjectDocument, DetectAnomaliesDocument, PromoteModelDocument, StopModelDocument, TrainModelDocument } from '../generated/graphql';

/**
 * An app's whole path through Lookout Gateway with the typed client: a
 * project, labelled images (here made on the spot: washers, some scratched,
 * with masks), a trained model, promoted to the alias `production`, and
 * detections by that alias.
 *
 *   npm run example -- --url http://127.0.0.1:4000 [--api-key KEY] [--project NAME]
 */
export async function trainPromoteDetect(client: GatewayClient, project: string, say: (line: string) => void = console.log): Promise<{ version: string; verdicts: boolean[] }> {
  await client.request(CreateProjectDocument, { name: project }).catch((error: GatewayRequestError) => {
    if (!error.codes?.includes('CONFLICT')) throw error;
    say(`project ${project} exists; adding to it`);
  });
  const images = await Promise.all([
    ...Array.from({ length: 20 }, async (_, i) => ({ file: { bytes: (await syntheticPart('normal', 100 + i)).png }, label: 'NORMAL' as const })),
    ...Array.from({ length: 10 }, async (_, i) => {
      const part = await syntheticPart('anomaly', 200 + i);
      return { file: { bytes: part.png }, label: 'ANOMALY' as const, mask: { bytes: part.mask! }, anomalyClasses: [{ name: DEFECT_CLASS, color: DEFECT_COLOR }] };
    }),
  ]);
  const dataset = (await client.request(AddImagesDocument, { project, images })).addImages;
  say(`dataset ${dataset.type}: ${dataset.status}, ${dataset.imageStats?.normal} normal and ${dataset.imageStats?.anomaly} anomalous images`);

  const model = (await client.request(TrainModelDocument, { project, description: 'example', wait: true, timeoutSeconds: 1800 })).trainModel;
  say(`model version ${model.version}: ${model.status}, F1 ${model.performance?.f1Score?.toFixed(3)}`);

  const promoted = (await client.request(PromoteModelDocument, { project, version: model.version, alias: 'production', timeoutSeconds: 600 })).promoteModel;
  say(`production -> version ${promoted.version} (${promoted.modelVersion?.status})`);

  const verdicts: boolean[] = [];
  for (const [kind, seed] of [['normal', 9001], ['anomaly', 9002]] as const) {
    const { detectAnomalies } = await client.request(DetectAnomaliesDocument, { project, version: 'production', file: { bytes: (await syntheticPart(kind, seed)).png } });
    // request() throws when the answer has errors; a detection is null only with one.
    if (!detectAnomalies) throw new Error('no detection result');
    verdicts.push(detectAnomalies.isAnomalous);
    say(`a ${kind} washer: ${detectAnomalies.isAnomalous ? 'anomalous' : 'normal'} (confidence ${detectAnomalies.confidence.toFixed(3)})`);
  }
  await client.request(StopModelDocument, { project, version: 'production', wait: true });
  say('stopped the model (hosting costs money by the minute on AWS)');
  return { version: model.version, verdicts };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { url: { type: 'string' }, 'api-key': { type: 'string' }, project: { type: 'string' } } });
  const client = new GatewayClient(values.url ?? process.env.LOOKOUT_GATEWAY_URL ?? 'http://127.0.0.1:4000', { apiKey: values['api-key'] ?? process.env.LOOKOUT_API_KEY });
  trainPromoteDetect(client, values.project ?? 'example-washers').catch((error: unknown) => {
    console.error(error instanceof GatewayRequestError ? `failed: ${error.message} (${error.codes.join(', ')})` : error);
    process.exit(1);
  });
}
