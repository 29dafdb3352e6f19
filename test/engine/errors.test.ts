import { CreateProjectCommand, ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkClient, startEngine, type RunningEngine } from '../support/engine-harness';

let e: RunningEngine | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

describe('error types and status codes the SDK rebuilds', () => {
  it('AccessDeniedException 403 for a request signed with credentials the engine does not accept', async () => {
    e = await startEngine({ credentials: new Map([['AKIDGOOD', 'good-secret']]) });
    for (const client of [sdkClient(e.url, 'AKIDBAD', 'good-secret'), sdkClient(e.url, 'AKIDGOOD', 'bad-secret')]) {
      await expect(client.send(new ListProjectsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    }
    expect((await sdkClient(e.url, 'AKIDGOOD', 'good-secret').send(new ListProjectsCommand({}))).Projects).toEqual([]);
  });

  it('ThrottlingException 429 with RetryAfterSeconds past the request rate', async () => {
    e = await startEngine({ requestsPerSecond: 1 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => e!.client.send(new ListProjectsCommand({}))));
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    expect(rejected[0]).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    expect(rejected[0].RetryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('InternalServerException 500 with RetryAfterSeconds when storage fails, without internals', async () => {
    e = await startEngine();
    e.engine.context.db.close();
    const error = await e.client.send(new CreateProjectCommand({ ProjectName: 'x' })).catch((err) => err);
    expect(error).toMatchObject({ name: 'InternalServerException', $metadata: { httpStatusCode: 500 }, RetryAfterSeconds: 1 });
    expect(error.message).not.toMatch(/database|sqlite/i);
    expect(e.logged.length).toBeGreaterThan(0);
  });

  it('answers unknown paths, bad JSON and oversized bodies with typed errors and a request id', async () => {
    e = await startEngine();
    const unknown = await fetch(`${e.url}/2020-11-20/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(unknown.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);

    const badJson = await fetch(`${e.url}/2020-11-20/projects`, { method: 'POST', body: '{"ProjectName":', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await badJson.json()).toEqual({ message: 'The request body is not valid JSON.' });

    const json = { 'content-type': 'application/json' };
    const huge = await fetch(`${e.url}/2020-11-20/projects`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024), headers: json });
    expect(huge.status).toBe(400);
    // Without a content-length (chunked), the limit still answers a typed error rather than cutting the connection.
    const chunk = new Uint8Array(256 * 1024);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await fetch(`${e.url}/2020-11-20/projects`, { method: 'POST', body: stream, headers: json, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(400);
    expect(chunked.headers.get('x-amzn-errortype')).toBe('ValidationException');

    const wrongMethod = await fetch(`${e.url}/2020-11-20/projects`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
  });

  it('answers GET / naming only the method and path: no address, data path or stack', async () => {
    e = await startEngine();
    // Signed for Lookout (any signature passes without credentials); unsigned, GET / is S3's ListBuckets.
    const lookoutScope = 'AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/lookoutvision/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + '0'.repeat(64);
    const root = await fetch(`${e.url}/`, { headers: { authorization: lookoutScope } });
    expect(root.status).toBe(404);
    expect(root.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await root.json()).toEqual({ message: 'No operation at GET /.' });
    const everything = JSON.stringify([...root.headers]);
    for (const secret of [e.dataDir, e.url, new URL(e.url).port]) expect(everything).not.toContain(secret);
  });
});
