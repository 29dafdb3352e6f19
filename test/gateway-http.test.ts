import {
  ConflictException,
  DescribeModelCommand,
  DescribeProjectCommand,
  DetectAnomaliesCommand,
  ListModelsCommand,
  ListProjectsCommand,
  LookoutVisionClient,
  ResourceNotFoundException,
  StartModelCommand,
} from '@aws-sdk/client-lookoutvision';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DetectAnomaliesDocument, ModelStatusDocument, ProjectDocument, ProjectsDocument, StartModelDocument } from './generated/graphql';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';
import { makeImage } from './support/images';

// Until a Lookout backend runs in tests, the SDK client is mocked at `send`;
// everything in front of it (HTTP, multipart, Apollo, resolvers, services) is real.
const lookout = new LookoutVisionClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const sdk = mockClient(lookout);
const MAX_UPLOAD = 64 * 1024;
let gw: RunningGateway;

beforeAll(async () => {
  gw = await startGateway(lookout, { maxUploadBytes: MAX_UPLOAD });
});
afterAll(() => gw.close());
beforeEach(() => sdk.reset());

const notFound = (id: string, type: 'PROJECT' | 'MODEL') =>
  new ResourceNotFoundException({ message: `${id} not found`, Message: `${id} not found`, $metadata: { requestId: 'r-1' }, ResourceId: id, ResourceType: type });

describe('HTTP surface', () => {
  it('answers /healthz, an offline landing page, and /readyz from the backend', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    const landing = await fetch(`${gw.url}/`);
    expect(landing.headers.get('content-type')).toContain('text/html');
    const html = await landing.text();
    expect(html).toContain('/graphql');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/); // nothing loaded from elsewhere

    sdk.on(ListProjectsCommand).resolves({ Projects: [] });
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
    sdk.on(ListProjectsCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const down = await fetch(`${gw.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('answers malformed JSON with a coded error, not a stack', async () => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toContain('at ');
  });
});

describe('queries', () => {
  it('lists every project across NextToken pages', async () => {
    sdk
      .on(ListProjectsCommand, { NextToken: undefined })
      .resolves({ Projects: [{ ProjectName: 'a', ProjectArn: 'arn:a', CreationTimestamp: new Date(1000) }], NextToken: 'page2' })
      .on(ListProjectsCommand, { NextToken: 'page2' })
      .resolves({ Projects: [{ ProjectName: 'b', ProjectArn: 'arn:b', CreationTimestamp: new Date(2000) }] });
    sdk.on(ListModelsCommand).resolves({ Models: [{ ModelVersion: '1', Status: 'TRAINED', ModelArn: 'arn:m' }] });
    const res = await gw.client.request(ProjectsDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects.map((p) => p.name)).toEqual(['a', 'b']);
    expect(res.data?.projects[0].createdAt).toBe('1970-01-01T00:00:01.000Z');
    expect(res.data?.projects[1].modelVersions).toEqual([{ version: '1', status: 'TRAINED' }]);
  });

  it('answers null for a missing project', async () => {
    sdk.on(DescribeProjectCommand).rejects(notFound('nope', 'PROJECT'));
    const res = await gw.client.request(ProjectDocument, { name: 'nope' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ project: null });
  });

  it('answers NOT_FOUND for the status of a missing model', async () => {
    sdk.on(DescribeModelCommand).rejects(notFound('p/9', 'MODEL'));
    const res = await gw.client.request(ModelStatusDocument, { project: 'p', version: '9' });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.errors?.[0].extensions).toMatchObject({ resourceType: 'MODEL' });
  });

  it('reports ready only for a HOSTED model', async () => {
    sdk.on(DescribeModelCommand).resolves({ ModelDescription: { ModelVersion: '1', Status: 'HOSTED' } });
    const res = await gw.client.request(ModelStatusDocument, { project: 'p', version: '1' });
    expect(res.data?.modelStatus).toEqual({ project: 'p', version: '1', status: 'HOSTED', statusMessage: null, ready: true });
  });
});

describe('mutations', () => {
  it('refuses bad arguments before calling Lookout', async () => {
    for (const variables of [
      { project: '-bad', version: '1' },
      { project: 'p', version: '01' },
      { project: 'p', version: '1', minInferenceUnits: 0 },
      { project: 'p', version: '1', minInferenceUnits: 3, maxInferenceUnits: 2 },
      { project: 'p', version: '1', clientToken: 'has space' },
    ]) {
      const res = await gw.client.request(StartModelDocument, variables);
      expect(codesOf(res), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
    }
    expect(sdk.commandCalls(StartModelCommand)).toHaveLength(0);
  });

  it('starts a model with the given units and token', async () => {
    sdk.on(StartModelCommand).resolves({ Status: 'STARTING_HOSTING' });
    const res = await gw.client.request(StartModelDocument, { project: 'p', version: '1', maxInferenceUnits: 3, clientToken: 'tok-1' });
    expect(res.data?.startModel).toEqual({ project: 'p', version: '1', status: 'STARTING_HOSTING' });
    expect(sdk.commandCalls(StartModelCommand)[0].args[0].input).toEqual({
      ProjectName: 'p',
      ModelVersion: '1',
      MinInferenceUnits: 1,
      MaxInferenceUnits: 3,
      ClientToken: 'tok-1',
    });
  });

  it('hides unexpected failures behind INTERNAL_SERVER_ERROR', async () => {
    sdk.on(StartModelCommand).callsFake(() => {
      throw new TypeError('secret internal detail');
    });
    const res = await gw.client.request(StartModelDocument, { project: 'p', version: '1' });
    expect(codesOf(res)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(JSON.stringify(res)).not.toContain('secret internal detail');
    expect(res.errors?.[0].extensions).not.toHaveProperty('stacktrace');
    // ...while the operator's log keeps the whole story.
    expect(gw.logged.some((e) => String((e as Error).message ?? e).includes('Internal server error'))).toBe(true);
  });
});

describe('detectAnomalies uploads', () => {
  const vars = { project: 'p', version: '1' };

  it('sends a PNG with the content type read from its bytes', async () => {
    const png = await makeImage('png');
    sdk.on(DetectAnomaliesCommand).resolves({
      DetectAnomalyResult: {
        Source: { Type: 'direct' },
        IsAnomalous: true,
        Confidence: 0.93,
        Anomalies: [
          { Name: 'background', PixelAnomaly: { TotalPercentageArea: 90, Color: '#FFFFFF' } },
          { Name: 'cracked', PixelAnomaly: { TotalPercentageArea: 10, Color: '#23A436' } },
        ],
        AnomalyMask: new Uint8Array([1, 2, 3]),
      },
    });
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes: png, type: 'image/jpeg' /* a lie */ });
    expect(res.errors).toBeUndefined();
    expect(res.data?.detectAnomalies).toMatchObject({ isAnomalous: true, confidence: 0.93, source: { type: 'direct' }, anomalyMask: 'AQID' });
    expect(res.data?.detectAnomalies.anomalies[1]).toEqual({ name: 'cracked', pixelAnomaly: { totalPercentageArea: 10, color: '#23A436' } });
    const sent = sdk.commandCalls(DetectAnomaliesCommand)[0].args[0].input;
    expect(sent.ContentType).toBe('image/png');
    expect(Buffer.from(sent.Body as Uint8Array).equals(png)).toBe(true);
  });

  it('sends a JPEG as image/jpeg; a classification result has no mask', async () => {
    sdk.on(DetectAnomaliesCommand).resolves({ DetectAnomalyResult: { Source: { Type: 'direct' }, IsAnomalous: false, Confidence: 0.8 } });
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes: await makeImage('jpeg') });
    expect(res.data?.detectAnomalies).toMatchObject({ isAnomalous: false, anomalies: [], anomalyMask: null });
    expect(sdk.commandCalls(DetectAnomaliesCommand)[0].args[0].input.ContentType).toBe('image/jpeg');
  });

  it.each([
    ['bytes that are no image', Buffer.from('GIF89a not supported'), 'UNSUPPORTED_MEDIA_TYPE'],
    ['an empty file', Buffer.alloc(0), 'BAD_USER_INPUT'],
    ['a file over the limit', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(MAX_UPLOAD * 3)]), 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s with %s, without calling Lookout', async (_what, bytes, code) => {
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes });
    expect(codesOf(res)).toEqual([code]);
    expect(sdk.commandCalls(DetectAnomaliesCommand)).toHaveLength(0);
  });

  it('refuses bad arguments while still draining the upload', async () => {
    const res = await gw.client.upload(DetectAnomaliesDocument, { project: 'bad name', version: '1' }, { bytes: await makeImage('png') });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    // The connection is still usable: the next request goes through.
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });

  it('refuses a multipart request without the CSRF preflight header', async () => {
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes: await makeImage('png') }, { preflight: false });
    expect(res.status).toBe(400);
    expect(codesOf(res)).toEqual(['BAD_REQUEST']);
    expect(res.errors?.[0].message).toContain('apollo-require-preflight');
    expect(sdk.commandCalls(DetectAnomaliesCommand)).toHaveLength(0);
  });

  it('refuses two files in one request', async () => {
    const png = await makeImage('png');
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: 'mutation($a: Upload!){ detectAnomalies(project:"p",version:"1",file:$a){ isAnomalous } }', variables: { a: null, b: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.a'], 1: ['variables.b'] }));
    form.append('0', new Blob([png]), 'a.png');
    form.append('1', new Blob([png]), 'b.png');
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers MODEL_NOT_READY with the current status when the model is not hosted', async () => {
    sdk.on(DetectAnomaliesCommand).rejects(
      new ConflictException({ message: 'not hosted', Message: 'not hosted', $metadata: { requestId: 'r-9' }, ResourceId: 'p/1', ResourceType: 'MODEL' }),
    );
    sdk.on(DescribeModelCommand).resolves({ ModelDescription: { ModelVersion: '1', Status: 'TRAINED' } });
    const res = await gw.client.upload(DetectAnomaliesDocument, vars, { bytes: await makeImage('png') });
    expect(codesOf(res)).toEqual(['MODEL_NOT_READY']);
    expect(res.errors?.[0].extensions).toMatchObject({ status: 'TRAINED', upstreamRequestId: 'r-9' });
  });

  it('drains a file that no resolver reads (invalid operation)', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: 'mutation($f: Upload!){ noSuchField(file:$f) }', variables: { f: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.f'] }));
    form.append('0', new Blob([Buffer.alloc(48 * 1024, 1)]), 'x.png');
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form, signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
