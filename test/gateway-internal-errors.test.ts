import { DescribeModelCommand, LookoutVisionClient, StartModelCommand, type ModelHostingStatus } from '@aws-sdk/client-lookoutvision';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ModelStatusDocument, ModelVersionDocument, StartModelDocument } from '../src/client/generated/graphql';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';

// What no real backend produces on demand: a bug (an exception thrown inside
// the gateway's call path), and a model status Lookout might add one day.
// The client is mocked for them.
const lookout = new LookoutVisionClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const sdk = mockClient(lookout);
let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(lookout);
});
afterAll(() => gw.close());

it('hides an unexpected exception behind INTERNAL_SERVER_ERROR and logs it whole', async () => {
  sdk.on(DescribeModelCommand).resolves({ ModelDescription: { ModelVersion: '1', ModelArn: 'arn:m', Status: 'TRAINED', CreationTimestamp: new Date(0) } });
  sdk.on(StartModelCommand).callsFake(() => {
    throw new TypeError('secret internal detail');
  });
  const res = await gw.client.request(StartModelDocument, { project: 'p', version: '1' });
  expect(codesOf(res)).toEqual(['INTERNAL_SERVER_ERROR']);
  expect(res.errors?.[0].message).toBe('Internal server error.');
  expect(JSON.stringify(res)).not.toContain('secret internal detail');
  expect(res.errors?.[0].extensions).not.toHaveProperty('stacktrace');
  const logged = JSON.stringify(gw.logged.map((e) => String((e as { originalError?: { originalError?: Error } }).originalError?.originalError ?? e)));
  expect(logged).toContain('secret internal detail');
});

it('answers a model status it does not know as UNKNOWN, naming it, and logs each such status once', async () => {
  sdk.on(DescribeModelCommand).resolves({
    ModelDescription: { ModelVersion: '1', ModelArn: 'arn:m', Status: 'HIBERNATING' as ModelHostingStatus, StatusMessage: 'Resting.', CreationTimestamp: new Date(0) },
  });
  const loggedBefore = gw.logged.length;
  for (let i = 0; i < 2; i++) {
    const status = await gw.client.request(ModelStatusDocument, { project: 'p', version: '1' });
    expect(status.errors).toBeUndefined();
    expect(status.data?.modelStatus).toEqual({
      project: 'p',
      version: '1',
      status: 'UNKNOWN',
      statusMessage: 'Lookout reported the status "HIBERNATING", which this gateway does not know: Resting.',
      ready: false,
    });
    const version = await gw.client.request(ModelVersionDocument, { project: 'p', version: '1' });
    expect(version.errors).toBeUndefined();
    expect(version.data?.modelVersion?.status).toBe('UNKNOWN');
  }
  expect(gw.logged.slice(loggedBefore)).toEqual([{ status: 'HIBERNATING' }]);
});
