import type { ModelMetadata, ProjectMetadata } from '@aws-sdk/client-lookoutvision';
import { describe, expect, it } from 'vitest';
import { createLoaders } from '../../src/services/loaders';
import type { LookoutApi } from '../../src/services/lookout-api';
import { SharedReadCache } from '../../src/services/shared-read-cache';

/** A Lookout whose answers change on demand, counting its calls. */
function lookout() {
  const state = { models: [{ ModelVersion: '1', Status: 'TRAINED' }] as ModelMetadata[], projects: [{ ProjectName: 'parts', ProjectArn: 'arn:parts' }] as ProjectMetadata[], calls: 0 };
  const api = {
    listModels: async () => (state.calls++, state.models),
    listProjects: async () => (state.calls++, state.projects),
  } as unknown as LookoutApi;
  return { api, state };
}

describe('reads answered without a promise from the shared read cache', () => {
  it('answer once a read has settled, and a later load in the same request answers the same', async () => {
    const { api, state } = lookout();
    const shared = new SharedReadCache(60_000, () => 0);
    const first = createLoaders(api, shared);
    expect(first.settledModelsOfProject('parts')).toBeUndefined(); // nothing read yet
    expect(first.settledProjectList()).toBeUndefined();
    await first.modelsOfProject.load('parts');
    await first.projectList();

    const request = createLoaders(api, shared);
    const settled = request.settledModelsOfProject('parts');
    expect(settled).toEqual(state.models);
    expect(request.settledProjectList()).toEqual(state.projects);
    state.models = [];
    shared.clear(); // the shared answer changes meanwhile: this request keeps its own
    expect(await request.modelsOfProject.load('parts')).toBe(settled);
    expect(request.settledModelsOfProject('parts')).toBe(settled);
    expect(await request.listedProjectArn('parts')).toBe('arn:parts');
    expect(state.calls).toBe(2);
  });

  it("are not taken for a key the request loaded itself first, and are forgotten with the loader's key", async () => {
    const { api, state } = lookout();
    const shared = new SharedReadCache(60_000, () => 0);
    await createLoaders(api, shared).modelsOfProject.load('parts');
    const request = createLoaders(api, shared);
    const loaded = request.modelsOfProject.load('parts');
    expect(request.settledModelsOfProject('parts')).toBeUndefined();
    expect(await loaded).toEqual(state.models);

    // After a change the request made, the loader's key is cleared: the next answer is read again.
    state.models = [{ ModelVersion: '2', Status: 'TRAINING' }];
    shared.invalidate('parts');
    request.modelsOfProject.clear('parts');
    expect(request.settledModelsOfProject('parts')).toBeUndefined();
    expect(await request.modelsOfProject.load('parts')).toEqual(state.models);
  });

  it('are never taken with the shared cache off', async () => {
    const { api } = lookout();
    const shared = new SharedReadCache(0);
    await createLoaders(api, shared).modelsOfProject.load('parts');
    expect(createLoaders(api, shared).settledModelsOfProject('parts')).toBeUndefined();
  });
});
