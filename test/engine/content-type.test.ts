import { ListProjectsCommand, StopModelCommand } from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../support/engine-harness';

let e: RunningEngine;
beforeAll(async () => {
  e = await startEngine();
});
afterAll(() => e?.close());

const createProject = (name: string, headers: Record<string, string>) =>
  fetch(`${e.url}/2020-11-20/projects`, { method: 'POST', headers, body: JSON.stringify({ ProjectName: name }) });
const projectNames = async () => ((await e.client.send(new ListProjectsCommand({}))).Projects ?? []).map((p) => p.ProjectName);

describe('the content type of JSON request bodies', () => {
  it.each([
    ['text/plain (what a page can POST cross-site without a preflight)', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['a JSON look-alike', 'application/hal+json'],
    ['none at all', ''],
  ])('refuses %s with 415 UnsupportedMediaTypeException, and acts on nothing', async (_what, contentType) => {
    // Undici adds text/plain to a string body unless told otherwise; a Blob without a type sends none.
    const res = contentType
      ? await createProject('csrf', { 'content-type': contentType })
      : await fetch(`${e.url}/2020-11-20/projects`, { method: 'POST', body: new Blob([JSON.stringify({ ProjectName: 'csrf' })]) });
    expect(res.status).toBe(415);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnsupportedMediaTypeException');
    expect(await res.json()).toEqual({ message: 'A request body must have Content-Type application/json.' });
    expect(await projectNames()).not.toContain('csrf');
  });

  it.each([
    ['application/json', 'plain-json'],
    ['application/json; charset=utf-8', 'with-charset'],
    ['Application/JSON', 'upper-case'],
    ['application/x-amz-json-1.1', 'amz-json'],
  ])('accepts %s', async (contentType, name) => {
    const res = await createProject(name, { 'content-type': contentType });
    expect(res.status).toBe(200);
    expect(await projectNames()).toContain(name);
  });

  it('needs no content type on a request without a body (StopModel, GET, DELETE)', async () => {
    await expect(e.client.send(new StopModelCommand({ ProjectName: 'plain-json', ModelVersion: '1' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await fetch(`${e.url}/2020-11-20/projects/plain-json`)).status).toBe(200);
    expect((await fetch(`${e.url}/2020-11-20/projects/upper-case`, { method: 'DELETE' })).status).toBe(200);
  });

  it('leaves DetectAnomalies its image types', async () => {
    const res = await fetch(`${e.url}/2020-11-20/projects/plain-json/models/1/detect`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not an image' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'ContentType must be image/png or image/jpeg.' });
  });
});
