import { LookoutVisionClient, StartModelCommand } from '@aws-sdk/client-lookoutvision';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StartModelDocument } from './generated/graphql';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';

// The one failure no real backend produces on demand: a bug, an exception
// thrown inside the gateway's call path. The client is mocked for it.
const lookout = new LookoutVisionClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const sdk = mockClient(lookout);
let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(lookout);
});
afterAll(() => gw.close());

it('hides an unexpected exception behind INTERNAL_SERVER_ERROR and logs it whole', async () => {
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
