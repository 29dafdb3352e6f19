import { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { describe, expect, it } from 'vitest';
import { s3ClientLike } from '../src/server/s3-client';

describe('the S3 client made like the Lookout client', () => {
  it('reaches a custom endpoint with its credentials, buckets by path', async () => {
    const credentials = { accessKeyId: 'EMBEDDED0123', secretAccessKey: 'secret' };
    const s3 = s3ClientLike(new LookoutVisionClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4100', credentials }));
    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.endpoint?.()).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 4100 });
    expect(await s3.config.region()).toBe('eu-west-1');
    expect(await s3.config.credentials()).toMatchObject(credentials);
  });

  it('reaches AWS\'s own S3 in the region, with virtual-host buckets, when the Lookout client reaches AWS', async () => {
    const s3 = s3ClientLike(new LookoutVisionClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
    expect(s3.config.forcePathStyle).toBe(false);
    expect(s3.config.isCustomEndpoint).toBe(false);
    expect(await s3.config.region()).toBe('eu-west-1');
  });
});
