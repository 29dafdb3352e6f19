import { Readable } from 'node:stream';
import { graphql } from 'graphql';
import { Upload } from 'graphql-upload-minimal';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../src/schema/build-schema';
import type { GatewayContext } from '../src/server/context';

// The real schema, its args classes and validateFn, over services that only
// record which of them were called: a refused argument must never reach one.

function recordingServices() {
  const calls: string[] = [];
  const record =
    <T>(name: string, answer: T) =>
    async () => {
      calls.push(name);
      return answer;
    };
  const change = { project: 'p', version: '1', status: 'STARTING_HOSTING' };
  const context = {
    projects: { get: record('projects.get', { name: 'p', arn: 'arn:p', createdAt: new Date(0) }) },
    models: {
      versions: record('models.versions', []),
      get: record('models.get', null),
      status: record('models.status', { project: 'p', version: '1', status: 'TRAINED', statusMessage: null, ready: false }),
    },
    aliases: { promote: record('aliases.promote', { alias: 'production' }) },
    hosting: {
      start: record('hosting.start', change),
      stop: record('hosting.stop', change),
    },
    detection: { detect: record('detection.detect', { isAnomalous: false, confidence: 1, source: { type: 'direct' }, anomalies: [], anomalyMask: null }) },
    identity: { name: 'tester', role: 'admin', via: 'development' },
  } as unknown as GatewayContext;
  return { calls, context };
}

async function run(source: string, variableValues: Record<string, unknown>) {
  const { calls, context } = recordingServices();
  const result = await graphql({ schema: buildGatewaySchema(), source, variableValues, contextValue: context });
  return { result, calls };
}

const OPERATIONS = {
  project: 'query($v: String!) { project(name: $v) { name } }',
  modelVersions: 'query($v: String!) { modelVersions(project: $v) { version } }',
  modelVersion: 'query($p: String!, $v: String!) { modelVersion(project: $p, version: $v) { version } }',
  modelStatus: 'query($p: String!, $v: String!) { modelStatus(project: $p, version: $v) { ready } }',
  projectModelVersion: 'query($v: String!) { project(name: "p") { modelVersion(version: $v) { version } } }',
  startModel: 'mutation($p: String!, $v: String!, $min: Int! = 1, $max: Int, $token: String) { startModel(project: $p, version: $v, minInferenceUnits: $min, maxInferenceUnits: $max, clientToken: $token) { status } }',
  stopModel: 'mutation($p: String!, $v: String!, $token: String) { stopModel(project: $p, version: $v, clientToken: $token) { status } }',
  promoteModel: 'mutation($min: Int, $max: Int) { promoteModel(project: "p", version: "1", alias: "production", minInferenceUnits: $min, maxInferenceUnits: $max) { alias } }',
  detectAnomalies: 'mutation($p: String!, $v: String!, $f: Upload!) { detectAnomalies(project: $p, version: $v, file: $f) { isAnomalous } }',
};

async function expectAccepted(source: string, variables: Record<string, unknown>, service: string) {
  const { result, calls } = await run(source, variables);
  expect(result.errors, JSON.stringify(variables)).toBeUndefined();
  expect(calls).toContain(service);
}

async function expectRefused(source: string, variables: Record<string, unknown>, service: string, argument: string, message?: string) {
  const { result, calls } = await run(source, variables);
  expect(result.errors?.map((e) => e.extensions), JSON.stringify(variables)).toEqual([{ code: 'BAD_USER_INPUT', argument }]);
  if (message) expect(result.errors?.[0].message).toBe(message);
  expect(calls).not.toContain(service);
}

describe('argument validation (the Lookout API rules, on the args classes)', () => {
  it.each(['a', 'demo', 'Cookie_Line-2', '9lives', 'x'.repeat(255)])('accepts project name %s', async (name) => {
    await expectAccepted(OPERATIONS.project, { v: name }, 'projects.get');
    await expectAccepted(OPERATIONS.modelVersions, { v: name }, 'models.versions');
  });

  it.each(['', '-lead', '_lead', 'has space', 'slash/name', 'ü', 'x'.repeat(256)])('refuses project name %j', async (name) => {
    await expectRefused(OPERATIONS.project, { v: name }, 'projects.get', 'name', "name must be 1-255 characters of letters, digits, '_' or '-', starting with a letter or digit.");
    await expectRefused(OPERATIONS.modelVersions, { v: name }, 'models.versions', 'project');
    await expectRefused(OPERATIONS.modelStatus, { p: name, v: '1' }, 'models.status', 'project');
  });

  it.each(['1', '12', 'latest', '9999999999'])('accepts version %s', async (version) => {
    await expectAccepted(OPERATIONS.modelVersion, { p: 'p', v: version }, 'models.get');
    await expectAccepted(OPERATIONS.projectModelVersion, { v: version }, 'models.get');
  });

  it.each(['', '0', '01', 'LATEST', '1.0', '-1', '12345678901'])('refuses version %j', async (version) => {
    await expectRefused(OPERATIONS.modelVersion, { p: 'p', v: version }, 'models.get', 'version', 'version must be a positive integer without leading zeros, "latest", or an alias name.');
    await expectRefused(OPERATIONS.projectModelVersion, { v: version }, 'models.get', 'version');
    await expectRefused(OPERATIONS.stopModel, { p: 'p', v: version }, 'hosting.stop', 'version');
  });

  it('checks inference units, including max against min', async () => {
    await expectAccepted(OPERATIONS.startModel, { p: 'p', v: '1' }, 'hosting.start');
    await expectAccepted(OPERATIONS.startModel, { p: 'p', v: '1', min: 2, max: 2 }, 'hosting.start');
    await expectRefused(OPERATIONS.startModel, { p: 'p', v: '1', min: 0 }, 'hosting.start', 'minInferenceUnits', 'minInferenceUnits must be an integer of at least 1.');
    await expectRefused(OPERATIONS.startModel, { p: 'p', v: '1', min: 3, max: 2 }, 'hosting.start', 'maxInferenceUnits', 'maxInferenceUnits must be an integer no smaller than minInferenceUnits.');
    // promoteModel's units are optional: a maximum alone is a missing minimum, not one below it.
    await expectAccepted(OPERATIONS.promoteModel, { min: 1, max: 2 }, 'aliases.promote');
    await expectRefused(OPERATIONS.promoteModel, { max: 2 }, 'aliases.promote', 'maxInferenceUnits', 'maxInferenceUnits needs minInferenceUnits as well.');
  });

  it('checks client tokens only when one is given', async () => {
    await expectAccepted(OPERATIONS.startModel, { p: 'p', v: '1', token: null }, 'hosting.start');
    await expectAccepted(OPERATIONS.stopModel, { p: 'p', v: '1', token: 'abc-123' }, 'hosting.stop');
    for (const token of ['', 'x'.repeat(65), 'no_underscores']) {
      await expectRefused(OPERATIONS.startModel, { p: 'p', v: '1', token }, 'hosting.start', 'clientToken', "clientToken must be 1-64 characters of letters, digits or '-'.");
      await expectRefused(OPERATIONS.stopModel, { p: 'p', v: '1', token }, 'hosting.stop', 'clientToken');
    }
  });

  it('blames the first bad argument in the order the field declares them', async () => {
    await expectRefused(OPERATIONS.startModel, { p: '-bad', v: '01', min: 0, token: 'a b' }, 'hosting.start', 'project');
    await expectRefused(OPERATIONS.startModel, { p: 'p', v: '1', min: 0, max: 0, token: 'a b' }, 'hosting.start', 'minInferenceUnits');
  });

  it('refuses detectAnomalies arguments before the file is read', async () => {
    // What graphql-upload-minimal hands the Upload scalar (its typings omit `resolve`).
    const upload = () => {
      const file = new Upload() as Upload & { resolve(file: unknown): void };
      file.resolve({ filename: 'x.png', mimetype: 'image/png', encoding: '7bit', createReadStream: () => Readable.from([Buffer.from('png')]) });
      return file;
    };
    await expectAccepted(OPERATIONS.detectAnomalies, { p: 'p', v: '1', f: upload() }, 'detection.detect');
    await expectRefused(OPERATIONS.detectAnomalies, { p: 'bad name', v: '1', f: upload() }, 'detection.detect', 'project');
  });
});
