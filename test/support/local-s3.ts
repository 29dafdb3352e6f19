import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeImage } from './images';

/** Writes an object into an engine's local S3 area: `s3://bucket/key` is `<data>/s3/bucket/key`. */
export function putObject(dataDir: string, bucket: string, key: string, body: Buffer | string): string {
  const path = join(dataDir, 's3', bucket, key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
  return `s3://${bucket}/${key}`;
}

export interface GeneratedSet {
  manifestKey: string;
  lines: Record<string, unknown>[];
}

/**
 * A labelled image set made on the spot: `normal` + `anomaly` images of one
 * size in the local bucket, and a Ground Truth manifest naming them.
 */
export async function generateLabelledSet(
  dataDir: string,
  { normal, anomaly, size = 64, prefix = 'set', format = 'png' }: { normal: number; anomaly: number; size?: number; prefix?: string; format?: 'png' | 'jpeg' },
): Promise<GeneratedSet> {
  const lines: Record<string, unknown>[] = [];
  for (let i = 0; i < normal + anomaly; i++) {
    const label = i < normal ? 0 : 1;
    const ext = format === 'png' ? 'png' : 'jpg';
    const ref = putObject(dataDir, 'bucket', `${prefix}/img-${i}.${ext}`, await makeImage(format, size, size, i));
    lines.push({
      'source-ref': ref,
      'anomaly-label': label,
      'anomaly-label-metadata': { 'class-name': label ? 'anomaly' : 'normal', 'human-annotated': 'yes', type: 'groundtruth/image-classification' },
    });
  }
  const manifestKey = `${prefix}/train.manifest`;
  putObject(dataDir, 'bucket', manifestKey, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return { manifestKey, lines };
}
