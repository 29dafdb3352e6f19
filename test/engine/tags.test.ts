import { CreateProjectCommand, DeleteProjectCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-lookoutvision';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../support/engine-harness';

let e: RunningEngine;
let arn: string;
beforeEach(async () => {
  e = await startEngine();
  arn = (await e.client.send(new CreateProjectCommand({ ProjectName: 'tagged' }))).ProjectMetadata!.ProjectArn!;
});
afterEach(() => e.close());

const tags = () => e.client.send(new ListTagsForResourceCommand({ ResourceArn: arn })).then((o) => o.Tags);

describe('tags', () => {
  it('adds, overwrites, lists and removes tags on a percent-encoded ARN', async () => {
    await e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'vision' }, { Key: 'cost:center', Value: '42' }] }));
    await e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'qa' }] }));
    expect(await tags()).toEqual([{ Key: 'cost:center', Value: '42' }, { Key: 'team', Value: 'qa' }]);
    await e.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team', 'cost:center', 'absent'] }));
    expect(await tags()).toEqual([]);
  });

  it('reads the ARN as the SDK encodes it, and as a raw client might', async () => {
    await e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] }));
    const raw = await fetch(`${e.url}/2020-11-20/tags/${encodeURIComponent(arn).toLowerCase().replace(/%3a/g, '%3A')}`);
    expect(await raw.json()).toEqual({ Tags: [{ Key: 'k', Value: 'v' }] });
    expect(raw.headers.get('x-amzn-requestid')).toBeTruthy();
  });

  it('refuses reserved keys, bad characters and more than 50 tags', async () => {
    await expect(e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'aws:owner', Value: 'x' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'a\u0000b', Value: 'x' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k'.repeat(129), Value: 'x' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: fifty }));
    await expect(e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'one-more', Value: 'v' }] }))).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
      $metadata: { httpStatusCode: 402 },
    });
    expect(await tags()).toHaveLength(50);
  });

  it('answers NotFound for a resource that does not exist and Validation for a foreign ARN', async () => {
    await expect(e.client.send(new ListTagsForResourceCommand({ ResourceArn: arn.replace('tagged', 'ghost') }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'PROJECT',
    });
    await expect(e.client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:s3:::bucket' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('drops a project\'s tags with the project', async () => {
    await e.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] }));
    await e.client.send(new DeleteProjectCommand({ ProjectName: 'tagged' }));
    await e.client.send(new CreateProjectCommand({ ProjectName: 'tagged' }));
    expect(await tags()).toEqual([]);
  });
});
