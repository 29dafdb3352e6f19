import {
  CreateProjectCommand,
  DeleteProjectCommand,
  DescribeProjectCommand,
  ListProjectsCommand,
  paginateListProjects,
} from '@aws-sdk/client-lookoutvision';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../support/engine-harness';

let e: RunningEngine;
beforeEach(async () => {
  e = await startEngine({ limits: { maxProjects: 30 } });
});
afterEach(() => e.close());

describe('projects over the wire', () => {
  it('creates, describes, lists and deletes a project with epoch timestamps and ARNs', async () => {
    const before = Date.now();
    const created = await e.client.send(new CreateProjectCommand({ ProjectName: 'cookies' }));
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.ProjectMetadata).toMatchObject({ ProjectName: 'cookies', ProjectArn: 'arn:aws:lookoutvision:us-east-1:000000000000:project/cookies' });
    const createdAt = created.ProjectMetadata!.CreationTimestamp!.getTime();
    expect(createdAt).toBeGreaterThanOrEqual(before - 1000);
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 1000);

    const described = await e.client.send(new DescribeProjectCommand({ ProjectName: 'cookies' }));
    expect(described.ProjectDescription).toMatchObject({ ProjectName: 'cookies', Datasets: [] });
    expect(described.ProjectDescription!.CreationTimestamp!.getTime()).toBe(createdAt);

    const listed = await e.client.send(new ListProjectsCommand({}));
    expect(listed.Projects?.map((p) => p.ProjectName)).toEqual(['cookies']);

    const deleted = await e.client.send(new DeleteProjectCommand({ ProjectName: 'cookies' }));
    expect(deleted.ProjectArn).toBe(created.ProjectMetadata!.ProjectArn);
    await expect(e.client.send(new DescribeProjectCommand({ ProjectName: 'cookies' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'PROJECT',
      ResourceId: 'cookies',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('pages through every project with NextToken and MaxResults', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    for (const name of names) await e.client.send(new CreateProjectCommand({ ProjectName: name }));
    const first = await e.client.send(new ListProjectsCommand({ MaxResults: 10 }));
    expect(first.Projects).toHaveLength(10);
    expect(first.NextToken).toMatch(/^[a-zA-Z0-9/+=]+$/);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListProjects({ client: e.client, pageSize: 10 }, {})) {
      pages++;
      seen.push(...(page.Projects ?? []).map((p) => p.ProjectName!));
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
  });

  it('refuses a duplicate name with ConflictException', async () => {
    await e.client.send(new CreateProjectCommand({ ProjectName: 'dup' }));
    await expect(e.client.send(new CreateProjectCommand({ ProjectName: 'dup' }))).rejects.toMatchObject({
      name: 'ConflictException',
      ResourceType: 'PROJECT',
      ResourceId: 'dup',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it.each([
    ['a leading hyphen', '-x'],
    ['a space', 'a b'],
    ['256 characters', 'x'.repeat(256)],
  ])('refuses a project name with %s', async (_what, name) => {
    await expect(e.client.send(new CreateProjectCommand({ ProjectName: name }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([0, 101])('refuses MaxResults %i', async (max) => {
    await expect(e.client.send(new ListProjectsCommand({ MaxResults: max }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('refuses a NextToken it did not issue', async () => {
    await expect(e.client.send(new ListProjectsCommand({ NextToken: 'Zm9v' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(e.client.send(new ListProjectsCommand({ NextToken: 'not a token!' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers ServiceQuotaExceededException past the project quota', async () => {
    for (let i = 0; i < 30; i++) await e.client.send(new CreateProjectCommand({ ProjectName: `q${i}` }));
    await expect(e.client.send(new CreateProjectCommand({ ProjectName: 'one-too-many' }))).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
      QuotaCode: 'L-PROJECTS',
      ServiceCode: 'lookoutvision',
      $metadata: { httpStatusCode: 402 },
    });
  });
});

describe('client token idempotency', () => {
  it('returns the first answer for a repeated token and input, without acting twice', async () => {
    const first = await e.client.send(new CreateProjectCommand({ ProjectName: 'idem', ClientToken: 'token-1' }));
    const again = await e.client.send(new CreateProjectCommand({ ProjectName: 'idem', ClientToken: 'token-1' }));
    expect(again.ProjectMetadata).toEqual(first.ProjectMetadata);
    const del1 = await e.client.send(new DeleteProjectCommand({ ProjectName: 'idem', ClientToken: 'del-1' }));
    const del2 = await e.client.send(new DeleteProjectCommand({ ProjectName: 'idem', ClientToken: 'del-1' }));
    expect(del2.ProjectArn).toBe(del1.ProjectArn);
  });

  it('answers ConflictException for a token reused with other input', async () => {
    await e.client.send(new CreateProjectCommand({ ProjectName: 'one', ClientToken: 'token-2' }));
    await expect(e.client.send(new CreateProjectCommand({ ProjectName: 'two', ClientToken: 'token-2' }))).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(e.client.send(new DescribeProjectCommand({ ProjectName: 'two' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('gives calls without a token fresh SDK tokens, so they are not merged', async () => {
    await e.client.send(new CreateProjectCommand({ ProjectName: 'fresh' }));
    await expect(e.client.send(new CreateProjectCommand({ ProjectName: 'fresh' }))).rejects.toMatchObject({ name: 'ConflictException' });
  });

  it('refuses a malformed token', async () => {
    await expect(e.client.send(new CreateProjectCommand({ ProjectName: 'x', ClientToken: 'bad_token' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
