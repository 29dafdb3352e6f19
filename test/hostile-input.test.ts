import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
  ListDatasetEntriesCommand,
  ListModelsCommand,
  ListProjectsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  type DatasetDescription,
} from '@aws-sdk/client-lookoutvision';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectsDocument } from '../src/client/generated/graphql';
import { syntheticPart } from '../src/demo/synthetic-parts';
import { startEngine, waitFor, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { bmpImage, corruptPng, gifImage, jpegBomb, pngBomb } from './support/hostile-images';
import { makeImage } from './support/images';
import { putObject } from './support/local-s3';
import { hostedModel, modelFromOneTraining, projectWithDataset } from './support/model-fixtures';
import { multipartBody, rawRequest, type Part, type RawAnswer, type RawRequest } from './support/raw-http';

/*
 * Hostile input, byte for byte, against the gateway's GraphQL endpoint, its
 * multipart uploads and the engine's own API. Each row is one raw request and
 * the typed answer a careful client of a serious API expects. After every
 * row: nothing crashed (no uncaught exception), hung, answered 5xx or leaked
 * a stack or a path; a normal request still works; nothing was logged as a
 * failure; no prototype was polluted. At the end, what was stored at the
 * start is all still there.
 */

interface Expected {
  status: number;
  /** The first error's `extensions.code` (gateway) or `x-amzn-errortype` (engine); null when there is none. */
  code: string | null;
  message?: RegExp;
}

interface HostileCase {
  name: string;
  send(): Promise<RawAnswer>;
  expect: Expected;
  /** The rest of an accepted request's typed answer (an import's final state), and its clean-up. */
  then?(): Promise<void>;
}

const row = (name: string, send: () => Promise<RawAnswer>, status: number, code: string | null, message?: RegExp): HostileCase => ({
  name,
  send,
  expect: { status, code, message },
});

let engine: RunningEngine;
let gw: RunningGateway;
const img: Record<string, Buffer> = {};
let baseline: Awaited<ReturnType<typeof snapshot>>;
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
/** The gateway and engine run in this process: an error nobody catches would end a real one. */
const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);
const PARTS_ARN = 'arn:aws:lookoutvision:us-east-1:000000000000:project/parts';
const MiB = 1024 * 1024;

beforeAll(async () => {
  process.on('uncaughtException', recordUncaught).on('unhandledRejection', recordUncaught);
  engine = await startEngine();
  await projectWithDataset(engine.client, engine.dataDir, 'parts'); // 128x128 synthetic parts
  await hostedModel(engine.client, 'parts', await modelFromOneTraining(engine, 'parts'));
  await engine.client.send(new TagResourceCommand({ ResourceArn: PARTS_ARN, Tags: [{ Key: 'team', Value: 'qa' }] }));
  await engine.client.send(new CreateProjectCommand({ ProjectName: 'scratch' }));
  await engine.client.send(new CreateDatasetCommand({ ProjectName: 'scratch', DatasetType: 'train' }));
  await engine.engine.context.importer.idle();
  // A short request timeout, so that a body that never arrives is answered within a case's 10 s;
  // a depth limit the schema's own fields can pass (the default, 10, is deeper than the schema).
  gw = await startGateway(engine.client, { requestTimeoutMs: 3000, headersTimeoutMs: 2000, maxQueryDepth: 3 });
  img.good = (await syntheticPart('normal', 1000)).png;
  img.truncated = img.good.subarray(0, Math.floor(img.good.length / 2));
  img.corrupt = corruptPng(img.good);
  img.pngBomb = pngBomb();
  img.jpegBomb = await jpegBomb();
  img.gif = await gifImage();
  img.bmp = bmpImage();
  img.jpeg = await makeImage('jpeg', 128, 128);
  img.small = await makeImage('png', 64, 64);
  img.tiny = await makeImage('png', 1, 1);
  img.strip = await makeImage('png', 5000, 10);
  baseline = await snapshot();
}, 120_000);
afterAll(async () => {
  process.off('uncaughtException', recordUncaught).off('unhandledRejection', recordUncaught);
  await gw?.close();
  await engine?.close();
});

/** Everything the set-up stored, as the engine reports it. */
async function snapshot() {
  const c = engine.client;
  const dataset = (project: string, type: 'train' | 'test') =>
    c.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })).then((o) => o.DatasetDescription!);
  const entries: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await c.send(new ListDatasetEntriesCommand({ ProjectName: 'parts', DatasetType: 'train', NextToken }));
    entries.push(...(page.DatasetEntries ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const model = (await c.send(new DescribeModelCommand({ ProjectName: 'parts', ModelVersion: '1' }))).ModelDescription!;
  return {
    projects: ((await c.send(new ListProjectsCommand({}))).Projects ?? []).map((p) => p.ProjectName).sort(),
    train: { status: (await dataset('parts', 'train')).Status, stats: (await dataset('parts', 'train')).ImageStats, entries },
    model: { status: model.Status, units: [model.MinInferenceUnits, model.MaxInferenceUnits], performance: model.Performance },
    models: ((await c.send(new ListModelsCommand({ ProjectName: 'parts' }))).Models ?? []).map((m) => m.ModelVersion),
    tags: (await c.send(new ListTagsForResourceCommand({ ResourceArn: PARTS_ARN }))).Tags,
    scratch: (await dataset('scratch', 'train')).ImageStats,
  };
}

// ---------------------------------------------------------------------------
// Checks shared by every row
// ---------------------------------------------------------------------------

const STACK = /\n\s+at .+\(/;

function graphqlCode(answer: RawAnswer): string | null {
  if (answer.body === '') return null;
  let parsed: { errors?: { extensions?: { code?: unknown } }[] };
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return `untyped: ${answer.body.slice(0, 200)}`;
  }
  const errors = parsed.errors ?? [];
  for (const error of errors) expect(typeof error.extensions?.code, `every error has a code: ${answer.body.slice(0, 300)}`).toBe('string');
  return errors.length > 0 ? String(errors[0].extensions?.code) : null;
}

function engineCode(answer: RawAnswer): string | null {
  const type = answer.headers['x-amzn-errortype'] ?? null;
  if (type !== null) expect(typeof (JSON.parse(answer.body) as { message?: unknown }).message, 'an AWS error carries a message').toBe('string');
  return type;
}

function expectNoInternals(text: string): void {
  expect(text).not.toMatch(STACK);
  for (const internal of [engine.dataDir, tmpdir(), process.cwd()]) expect(text).not.toContain(internal);
}

function runCases(cases: HostileCase[], codeOf: (answer: RawAnswer) => string | null, stillWorks: () => Promise<void>): void {
  it.each(cases)('$name', async (c) => {
    const logged = { gateway: gw.logged.length, engine: engine.logged.length };
    const answer = await c.send();
    const shown = `${answer.status} ${JSON.stringify(answer.headers['x-amzn-errortype'] ?? '')} ${answer.body.slice(0, 400)}`;
    expect(answer.status, shown).toBe(c.expect.status);
    expect(answer.status, 'never a 5xx').toBeLessThan(500);
    expect(codeOf(answer), shown).toBe(c.expect.code);
    if (c.expect.message) expect(answer.body).toMatch(c.expect.message);
    expectNoInternals(answer.body);
    await c.then?.();
    await stillWorks();
    expect(gw.logged.slice(logged.gateway), 'nothing logged as a failure of the gateway').toEqual([]);
    expect(engine.logged.slice(logged.engine), 'nothing logged as a failure of the engine').toEqual([]);
    expect(uncaught.splice(0).map(String), 'no uncaught exception').toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype), 'Object.prototype untouched').toEqual(PROTOTYPE_KEYS);
    expect(Object.getOwnPropertyNames(Object.prototype.hasOwnProperty), 'built-in functions untouched').toEqual(['length', 'name']);
  });
}

/** The gateway answers an ordinary query, and the model is still HOSTED. */
async function gatewayWorks(): Promise<void> {
  const res = await gw.client.request(ProjectsDocument);
  expect(res.errors).toBeUndefined();
  expect(res.data?.projects.map((p) => p.name).sort()).toEqual(baseline.projects);
  expect(res.data?.projects.find((p) => p.name === 'parts')?.modelVersions).toEqual([{ version: '1', status: 'HOSTED' }]);
}

async function engineWorks(): Promise<void> {
  const listed = await engine.client.send(new ListProjectsCommand({}));
  expect((listed.Projects ?? []).map((p) => p.ProjectName).sort()).toEqual(baseline.projects);
}

/** An ordinary detection through the gateway: uploads, the admission gate and the model all still work. */
async function detectionWorks(): Promise<void> {
  const answer = await detect(img.good);
  expect(answer.status).toBe(200);
  const body = JSON.parse(answer.body) as { data?: { detectAnomalies?: { isAnomalous?: unknown } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(typeof body.data?.detectAnomalies?.isAnomalous).toBe('boolean');
}

/** Bytes given as latin1 text: '\xff' is the byte 0xFF, which is never valid UTF-8. */
const bytes = (latin1: string) => Buffer.from(latin1, 'latin1');

// ---------------------------------------------------------------------------
// GraphQL over HTTP
// ---------------------------------------------------------------------------

const post = (body: string | Buffer, headers: Record<string, string> = {}, extra: Partial<RawRequest> = {}) =>
  rawRequest(gw.url, { method: 'POST', target: '/graphql', headers: { 'content-type': 'application/json', ...headers }, body, ...extra });
const postJson = (value: unknown) => post(JSON.stringify(value));
const get = (query: string, headers: Record<string, string> = {}) => rawRequest(gw.url, { method: 'GET', target: `/graphql?query=${encodeURIComponent(query)}`, headers });

const PROJECTS = '{ projects { name } }';
const PROJECT = 'query($name: String!) { project(name: $name) { name } }';
const STATUS = 'query($project: String!, $version: String!) { modelStatus(project: $project, version: $version) { status } }';
const MODELS = 'query($project: String!) { modelVersions(project: $project) { version } }';
const START = 'mutation($min: Int!, $max: Int, $token: String) { startModel(project: "parts", version: "1", minInferenceUnits: $min, maxInferenceUnits: $max, clientToken: $token) { status } }';
const STOP = 'mutation($project: String!, $version: String!) { stopModel(project: $project, version: $version) { status } }';
const DETECT = 'mutation($project: String!, $version: String!, $file: Upload!) { detectAnomalies(project: $project, version: $version, file: $file) { isAnomalous confidence } }';

const project = (name: unknown) => postJson({ query: PROJECT, variables: { name } });
const status = (version: unknown) => postJson({ query: STATUS, variables: { project: 'parts', version } });
const start = (variables: Record<string, unknown>) => postJson({ query: START, variables });
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
/** 2^depth copies of `projects` once the fragments are spread: a "billion laughs" of fragments. */
const fragmentFanOut = (depth: number) =>
  `{ ...F0 } ${Array.from({ length: depth }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${depth} on Query { projects { name } }`;

const GRAPHQL_CASES: HostileCase[] = [
  // Bodies that are not a GraphQL request
  row('invalid JSON', () => post('{"query":'), 400, 'BAD_REQUEST'),
  row('a batch: an array of operations', () => postJson([{ query: PROJECTS }, { query: PROJECTS }]), 400, 'BAD_REQUEST'),
  row('an array of numbers', () => post('[1,2,3]'), 400, 'BAD_REQUEST'),
  row('a JSON string instead of an object', () => postJson(PROJECTS), 400, 'BAD_REQUEST'),
  row('JSON null', () => post('null'), 400, 'BAD_REQUEST'),
  row('query a number', () => postJson({ query: 42 }), 400, 'BAD_REQUEST'),
  row('query an AST-like object', () => postJson({ query: { kind: 'Document', definitions: [] } }), 400, 'BAD_REQUEST'),
  row('variables a string', () => postJson({ query: PROJECT, variables: '{"name":"parts"}' }), 400, 'BAD_REQUEST'),
  row('operationName a number', () => postJson({ query: PROJECTS, operationName: 7 }), 400, 'BAD_REQUEST'),
  row('extensions a string', () => postJson({ query: PROJECTS, extensions: 'garbage' }), 400, 'BAD_REQUEST'),
  row('extensions.persistedQuery of another version', () => postJson({ query: PROJECTS, extensions: { persistedQuery: { version: 99, sha256Hash: 1 } } }), 400, 'BAD_REQUEST', /Unsupported persisted query version/),
  row('a persisted-query hash that is not the query\'s', () => postJson({ query: PROJECTS, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }), 400, 'BAD_REQUEST'),
  row('a documentId that is an object', () => postJson({ documentId: { $ne: null } }), 400, 'BAD_REQUEST'),
  row('an unknown documentId', () => postJson({ documentId: `sha256:${'ab'.repeat(32)}` }), 400, 'PERSISTED_QUERY_NOT_FOUND'),
  // Sizes and nesting
  row('a 500,000-character argument', () => project('x'.repeat(500_000)), 200, 'BAD_USER_INPUT'),
  row('a body over MAX_BODY_BYTES', () => postJson({ query: PROJECTS, variables: { pad: 'x'.repeat(2 * MiB) } }), 413, 'PAYLOAD_TOO_LARGE'),
  row('a variable nested 100,000 lists deep', () => post(`{"query":${JSON.stringify(PROJECT)},"variables":{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`), 400, 'BAD_USER_INPUT'),
  row('a list literal nested 2,000 deep in the query', () => postJson({ query: `{ project(name: ${'['.repeat(2000)}${']'.repeat(2000)}) { name } }` }), 400, 'GRAPHQL_PARSE_FAILED'),
  // Encodings
  row('invalid UTF-8 between JSON tokens', () => post(bytes(`{"query":"${PROJECTS}"\xff}`)), 400, 'BAD_REQUEST'),
  row('invalid UTF-8 in the query text', () => post(bytes('{"query":"{ projects { na\xffme } }"}')), 400, 'GRAPHQL_PARSE_FAILED'),
  row('invalid UTF-8 in an argument', () => post(bytes('{"query":"{ project(name: \\"pa\xffrts\\") { name } }"}')), 200, 'BAD_USER_INPUT'),
  row('overlong UTF-8 for "/" in an argument', () => post(bytes('{"query":"{ project(name: \\"..\xc0\xafetc\\") { name } }"}')), 200, 'BAD_USER_INPUT'),
  row('a NUL byte in an argument', () => project('parts\u0000'), 200, 'BAD_USER_INPUT'),
  row('a NUL byte in the query text', () => postJson({ query: '{ projects\u0000 { name } }' }), 400, 'GRAPHQL_PARSE_FAILED'),
  row('Cyrillic lookalike letters in a project name', () => project('p\u0430rts'), 200, 'BAD_USER_INPUT'),
  row('fullwidth letters in a project name', () => project('\uff50\uff41\uff52\uff54\uff53'), 200, 'BAD_USER_INPUT'),
  row('a zero-width space in a project name', () => project('par\u200bts'), 200, 'BAD_USER_INPUT'),
  row('a body declared latin1', () => post(PROJECTS, { 'content-type': 'application/json; charset=latin1' }), 415, 'UNSUPPORTED_MEDIA_TYPE'),
  // Numbers out of range, of every kind
  row('minInferenceUnits 2^31 (variable)', () => start({ min: 2 ** 31 }), 400, 'BAD_USER_INPUT'),
  row('minInferenceUnits 2^31 (literal)', () => postJson({ query: 'mutation { startModel(project: "parts", version: "1", minInferenceUnits: 2147483648) { status } }' }), 400, 'GRAPHQL_VALIDATION_FAILED'),
  row('minInferenceUnits -1', () => start({ min: -1 }), 200, 'BAD_USER_INPUT', /minInferenceUnits/),
  row('minInferenceUnits 0', () => start({ min: 0 }), 200, 'BAD_USER_INPUT', /minInferenceUnits/),
  row('minInferenceUnits 1e300', () => post(`{"query":${JSON.stringify(START)},"variables":{"min":1e300}}`), 400, 'BAD_USER_INPUT'),
  row('minInferenceUnits "NaN"', () => start({ min: 'NaN' }), 400, 'BAD_USER_INPUT'),
  row('minInferenceUnits 1.5', () => start({ min: 1.5 }), 400, 'BAD_USER_INPUT'),
  row('maxInferenceUnits 2^31', () => start({ min: 1, max: 2 ** 31 }), 400, 'BAD_USER_INPUT'),
  row('maxInferenceUnits -1', () => start({ min: 1, max: -1 }), 200, 'BAD_USER_INPUT', /maxInferenceUnits/),
  // Wrong types, one argument at a time
  row('project name a number (variable)', () => project(42), 400, 'BAD_USER_INPUT'),
  row('project name a number (literal)', () => postJson({ query: '{ project(name: 42) { name } }' }), 400, 'GRAPHQL_VALIDATION_FAILED'),
  row('modelVersions project a list', () => postJson({ query: MODELS, variables: { project: ['parts'] } }), 400, 'BAD_USER_INPUT'),
  row('modelStatus version an object', () => status({ v: 1 }), 400, 'BAD_USER_INPUT'),
  row('modelVersion version an Int literal', () => postJson({ query: '{ modelVersion(project: "parts", version: 1) { status } }' }), 400, 'GRAPHQL_VALIDATION_FAILED'),
  row('Project.modelVersion version a Boolean literal', () => postJson({ query: '{ project(name: "parts") { modelVersion(version: true) { status } } }' }), 400, 'GRAPHQL_VALIDATION_FAILED'),
  row('minInferenceUnits a Boolean', () => start({ min: true }), 400, 'BAD_USER_INPUT'),
  row('clientToken a number', () => start({ min: 1, token: 5 }), 400, 'BAD_USER_INPUT'),
  row('clientToken with bad characters', () => start({ min: 1, token: 'tok en!' }), 200, 'BAD_USER_INPUT', /clientToken/),
  row('clientToken of 65 characters', () => start({ min: 1, token: 'a'.repeat(65) }), 200, 'BAD_USER_INPUT', /clientToken/),
  row('stopModel version null', () => postJson({ query: STOP, variables: { project: 'parts', version: null } }), 400, 'BAD_USER_INPUT'),
  row('detectAnomalies file a string in a JSON request', () => postJson({ query: DETECT, variables: { project: 'parts', version: '1', file: 'part.png' } }), 400, 'BAD_USER_INPUT'),
  // Names and versions
  row('project name ../x', () => project('../x'), 200, 'BAD_USER_INPUT'),
  row('project name %2e%2e', () => project('%2e%2e'), 200, 'BAD_USER_INPUT'),
  row('project name a/b', () => postJson({ query: MODELS, variables: { project: 'a/b' } }), 200, 'BAD_USER_INPUT'),
  row('project name parts/../parts on stopModel', () => postJson({ query: STOP, variables: { project: 'parts/../parts', version: '1' } }), 200, 'BAD_USER_INPUT'),
  row('a 256-character project name', () => project('p'.repeat(256)), 200, 'BAD_USER_INPUT'),
  row('version 0', () => status('0'), 200, 'BAD_USER_INPUT'),
  row('version 01', () => status('01'), 200, 'BAD_USER_INPUT'),
  row('version -1', () => status('-1'), 200, 'BAD_USER_INPUT'),
  row('version "latest " with a space', () => status('latest '), 200, 'BAD_USER_INPUT'),
  row('version ../1', () => status('../1'), 200, 'BAD_USER_INPUT'),
  row('version in Arabic-Indic digits', () => status('\u0661'), 200, 'BAD_USER_INPUT'),
  // JSON tricks
  row('duplicate keys: the last one counts, and is checked', () => post(`{"query":${JSON.stringify(PROJECT)},"variables":{"name":"parts","name":"../parts"}}`), 200, 'BAD_USER_INPUT'),
  row('duplicate query keys', () => post(`{"query":${JSON.stringify(PROJECTS)},"query":"{ nothing }"}`), 400, 'GRAPHQL_VALIDATION_FAILED'),
  row('__proto__ in variables', () => post(`{"query":${JSON.stringify(PROJECT)},"variables":{"__proto__":{"name":"parts"}}}`), 400, 'BAD_USER_INPUT'),
  row('constructor.prototype in variables (ignored)', () => post(`{"query":${JSON.stringify(PROJECT)},"variables":{"name":"parts","constructor":{"prototype":{"polluted":true}}}}`), 200, null),
  row('__proto__ at the top of the body', () => post('{"__proto__":{"query":"{ projects { name } }"}}'), 400, 'BAD_REQUEST'),
  // Methods, media types, framing
  row('GET with a mutation', () => get('mutation { stopModel(project: "parts", version: "1") { status } }', { 'apollo-require-preflight': 'true' }), 405, 'BAD_REQUEST'),
  row('GET with a mutation, without a preflight header', () => get('mutation { stopModel(project: "parts", version: "1") { status } }'), 400, 'BAD_REQUEST'),
  row('PUT', () => rawRequest(gw.url, { method: 'PUT', target: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PROJECTS }) }), 405, 'BAD_REQUEST'),
  // A body the JSON parser does not take is no operation; a "simple" type a web page could send is refused as CSRF.
  row('Content-Type text/plain', () => post(JSON.stringify({ query: PROJECTS }), { 'content-type': 'text/plain' }), 400, 'BAD_REQUEST', /Cross-Site Request Forgery/),
  row('Content-Type application/graphql', () => post(PROJECTS, { 'content-type': 'application/graphql' }), 400, 'BAD_REQUEST', /invalid Content-Type/),
  row('a form-encoded body', () => post(`query=${encodeURIComponent(PROJECTS)}`, { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'BAD_REQUEST', /Cross-Site Request Forgery/),
  row('no Content-Type', () => rawRequest(gw.url, { method: 'POST', target: '/graphql', body: JSON.stringify({ query: PROJECTS }) }), 400, 'BAD_REQUEST', /Cross-Site Request Forgery/),
  row('a gzip bomb: 50 KB that inflate to 20 MB', () => post(gzipSync(`{"query":"{ projects { name } }","variables":{"pad":"${'0'.repeat(20 * MiB)}"}}`), { 'content-encoding': 'gzip' }), 413, 'PAYLOAD_TOO_LARGE'),
  row('an unknown Content-Encoding', () => post(JSON.stringify({ query: PROJECTS }), { 'content-encoding': 'compress' }), 415, 'UNSUPPORTED_MEDIA_TYPE'),
  // Node's HTTP parser refuses what follows the declared body (HTTP/1.1 400, no body) and closes the connection.
  row('Content-Length shorter than the body', () => post(JSON.stringify({ query: PROJECTS }), {}, { contentLength: 10 }), 400, 'BAD_REQUEST'),
  row('Content-Length longer than the body: answered when the request times out', () => post(JSON.stringify({ query: PROJECTS }), {}, { contentLength: 1000 }), 408, 'REQUEST_TIMEOUT'),
  row('Content-Length not a number', () => post(JSON.stringify({ query: PROJECTS }), {}, { contentLength: 'abc' }), 400, 'BAD_REQUEST'),
  row('Content-Length and Transfer-Encoding both (request smuggling)', () => post(`5\r\n{"a":\r\n0\r\n\r\n`, { 'transfer-encoding': 'chunked' }, { contentLength: 5 }), 400, 'BAD_REQUEST'),
  // Limits on an operation's shape
  row('aliases over the limit', () => postJson({ query: aliases(31, 'projects { name }') }), 400, 'GRAPHQL_VALIDATION_FAILED', /aliases/i),
  row('depth over the limit', () => postJson({ query: '{ projects { datasets { imageStats { total } } } }' }), 400, 'GRAPHQL_VALIDATION_FAILED', /depth/i),
  row('depth over the limit through fragments', () => postJson({ query: 'fragment S on Dataset { imageStats { total } } { projects { datasets { ...S } } }' }), 400, 'GRAPHQL_VALIDATION_FAILED', /depth/i),
  row('tokens over the limit', () => postJson({ query: `{ ${'__typename '.repeat(3001)} }` }), 400, 'GRAPHQL_PARSE_FAILED'),
  row('cost over the limit', () => postJson({ query: aliases(25, 'projects { modelVersions { minInferenceUnits maxInferenceUnits } }') }), 400, 'QUERY_TOO_COMPLEX'),
  row('a fragment cycle', () => postJson({ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }), 400, 'GRAPHQL_VALIDATION_FAILED'),
  row('fragments spreading 2^40 copies of a field', () => postJson({ query: fragmentFanOut(40) }), 400, 'QUERY_TOO_COMPLEX'),
  row('the same directive twice', () => postJson({ query: '{ projects @skip(if: false) @skip(if: false) { name } }' }), 400, 'GRAPHQL_VALIDATION_FAILED'),
];

describe(`GraphQL over HTTP: ${GRAPHQL_CASES.length} hostile requests`, () => {
  runCases(GRAPHQL_CASES, graphqlCode, gatewayWorks);
});

// ---------------------------------------------------------------------------
// Multipart uploads (detectAnomalies)
// ---------------------------------------------------------------------------

const BOUNDARY = 'hostile-boundary-7d2f';
const operations = (variables: Record<string, unknown> = {}) => JSON.stringify({ query: DETECT, variables: { project: 'parts', version: '1', file: null, ...variables } });
const FILE_MAP = '{"0":["variables.file"]}';

interface UploadOptions {
  contentType?: string;
  preflight?: boolean;
  closed?: boolean;
  boundary?: string;
  abortAfterBytes?: number;
}

function upload(parts: Part[], options: UploadOptions = {}): Promise<RawAnswer> {
  const boundary = options.boundary ?? BOUNDARY;
  const headers: Record<string, string> = { 'content-type': options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}` };
  if (options.preflight !== false) headers['apollo-require-preflight'] = 'true';
  const body = multipartBody(boundary, parts, { closed: options.closed });
  return rawRequest(gw.url, { method: 'POST', target: '/graphql', headers, body, abortAfterBytes: options.abortAfterBytes });
}

const filePart = (body: Buffer | string, filename = 'part.png', type = 'image/png'): Part => ({ name: '0', filename, type, body });
const detect = (file: Buffer | string, filename?: string, type?: string, options?: UploadOptions) =>
  upload([{ name: 'operations', body: operations() }, { name: 'map', body: FILE_MAP }, filePart(file, filename, type)], options);
const mapped = (map: string, ops = operations()) => upload([{ name: 'operations', body: ops }, { name: 'map', body: map }, filePart(img.good)]);

/** Twenty uploads whose client dies mid-file: more than the gateway's 16 detection slots, so a leaked slot would show. */
async function twentyAbandonedUploads(): Promise<RawAnswer> {
  let last: RawAnswer = { status: 0, headers: {}, body: '' };
  // A PNG's signature first, so the gateway waits for the rest (it refuses other bytes at once) and may pass it on as it comes.
  const cutOff = Buffer.concat([img.good.subarray(0, 8), Buffer.alloc(64 * 1024, 7)]);
  for (let i = 0; i < 20; i++) last = await detect(cutOff, 'part.png', 'image/png', { abortAfterBytes: 40_000 });
  return last;
}

const UPLOAD_CASES: HostileCase[] = [
  row('no preflight header', () => detect(img.good, 'part.png', 'image/png', { preflight: false }), 400, 'BAD_REQUEST'),
  row('no file: the map names a part that never comes', () => upload([{ name: 'operations', body: operations() }, { name: 'map', body: FILE_MAP }]), 200, 'BAD_USER_INPUT'),
  row('no file and an empty map', () => upload([{ name: 'operations', body: operations() }, { name: 'map', body: '{}' }]), 400, 'BAD_USER_INPUT'),
  row('an empty file', () => detect(Buffer.alloc(0)), 200, 'BAD_USER_INPUT', /empty/),
  row('two files mapped to one variable', () => upload([{ name: 'operations', body: operations() }, { name: 'map', body: '{"0":["variables.file"],"1":["variables.file"]}' }, filePart(img.good), { ...filePart(img.good), name: '1' }]), 400, 'BAD_REQUEST'),
  row('an extra file the map does not name', () => upload([{ name: 'operations', body: operations() }, { name: 'map', body: FILE_MAP }, { ...filePart(img.good), name: 'extra' }, filePart(img.good)]), 200, 'BAD_USER_INPUT', /map does not name/),
  row('a file mapped into a String variable', () => mapped('{"0":["variables.project"]}'), 400, 'BAD_USER_INPUT'),
  row('a map path that does not exist', () => mapped('{"0":["variables.nope.deeper"]}'), 400, 'BAD_REQUEST'),
  row('a map path through __proto__', () => mapped('{"0":["variables.__proto__.polluted"]}'), 400, 'BAD_REQUEST'),
  row('a map path into a built-in function (hasOwnProperty.call)', () => mapped('{"0":["variables.hasOwnProperty.call"]}'), 400, 'BAD_REQUEST'),
  row('a map path into a string\'s methods', () => mapped('{"0":["query.toString.call"]}'), 400, 'BAD_REQUEST'),
  row('a map that is not JSON', () => mapped('{"0":'), 400, 'BAD_REQUEST'),
  row('a map entry that is not a list', () => mapped('{"0":"variables.file"}'), 400, 'BAD_REQUEST'),
  row('operations that are not JSON', () => mapped(FILE_MAP, '{"query":'), 400, 'BAD_REQUEST'),
  row('operations that are a batch', () => mapped('{"0":["0.variables.file"]}', JSON.stringify([JSON.parse(operations())])), 400, 'BAD_REQUEST'),
  row('the file before the map', () => upload([{ name: 'operations', body: operations() }, filePart(img.good), { name: 'map', body: FILE_MAP }]), 400, 'BAD_REQUEST'),
  row('the map before the operations', () => upload([{ name: 'map', body: FILE_MAP }, { name: 'operations', body: operations() }, filePart(img.good)]), 400, 'BAD_REQUEST'),
  row('multipart without a boundary', () => detect(img.good, 'part.png', 'image/png', { contentType: 'multipart/form-data' }), 400, 'BAD_REQUEST'),
  row('a body with another boundary than declared', () => detect(img.good, 'part.png', 'image/png', { boundary: 'other-boundary' }), 400, 'BAD_REQUEST'),
  row('an empty boundary', () => detect(img.good, 'part.png', 'image/png', { contentType: 'multipart/form-data; boundary=' }), 400, 'BAD_REQUEST'),
  row('no closing boundary', () => detect(img.good, 'part.png', 'image/png', { closed: false }), 200, 'BAD_USER_INPUT'),
  row('the connection dropped mid-file, twenty times', twentyAbandonedUploads, 0, null),
  row('a file over MAX_UPLOAD_BYTES', () => detect(Buffer.concat([img.good, Buffer.alloc(8 * MiB)])), 200, 'PAYLOAD_TOO_LARGE'),
  row('bytes that are no image, over MAX_UPLOAD_BYTES: refused by their first bytes', () => detect(Buffer.concat([img.gif, Buffer.alloc(8 * MiB)])), 200, 'UNSUPPORTED_MEDIA_TYPE'),
  row('a GIF named .png', () => detect(img.gif), 200, 'UNSUPPORTED_MEDIA_TYPE'),
  row('a BMP named .png', () => detect(img.bmp), 200, 'UNSUPPORTED_MEDIA_TYPE'),
  row('a text file named .png', () => detect('just some text, not an image\n'), 200, 'UNSUPPORTED_MEDIA_TYPE'),
  row('a PNG sent as image/jpeg named .jpg: the bytes decide, and it is detected', () => detect(img.good, 'part.jpg', 'image/jpeg'), 200, null),
  row('a file name with traversal (ignored)', () => detect(img.good, '../../../etc/passwd'), 200, null),
  row('a file name with a NUL: no file part', () => detect(img.good, 'part\u0000.png'), 200, 'BAD_USER_INPUT'),
  row('a PNG signature alone', () => detect(img.good.subarray(0, 8)), 200, 'BAD_USER_INPUT'),
  row('a truncated PNG', () => detect(img.truncated), 200, 'BAD_USER_INPUT'),
  row('a corrupt PNG (bad CRC, damaged IDAT)', () => detect(img.corrupt), 200, 'BAD_USER_INPUT'),
  row('a PNG decompression bomb (30000x30000)', () => detect(img.pngBomb), 200, 'BAD_USER_INPUT'),
  row('a JPEG declaring 30000x30000', () => detect(img.jpegBomb, 'part.jpg', 'image/jpeg'), 200, 'BAD_USER_INPUT'),
  row('an image of the wrong size for the model', () => detect(img.small), 200, 'BAD_USER_INPUT', /64x64.*128x128/),
  row('a 1x1 image', () => detect(img.tiny), 200, 'BAD_USER_INPUT'),
  row('a 5000x10 image', () => detect(img.strip), 200, 'BAD_USER_INPUT'),
  row('traversal in the project of an upload', () => upload([{ name: 'operations', body: operations({ project: '../parts' }) }, { name: 'map', body: FILE_MAP }, filePart(img.good)]), 200, 'BAD_USER_INPUT'),
];

describe(`multipart uploads: ${UPLOAD_CASES.length} hostile requests`, () => {
  runCases(UPLOAD_CASES, graphqlCode, async () => {
    await gatewayWorks();
    await detectionWorks();
  });
});

// ---------------------------------------------------------------------------
// The engine's API, directly
// ---------------------------------------------------------------------------

const P = '/2020-11-20/projects';
const TAGS = `/2020-11-20/tags/${encodeURIComponent(PARTS_ARN)}`;
const ENTRIES = `${P}/parts/datasets/train/entries`;

function call(method: string, target: string, init: { json?: unknown; body?: Buffer | string; headers?: Record<string, string | number> } = {}): Promise<RawAnswer> {
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  const headers = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
  return rawRequest(engine.url, { method, target, headers, body });
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
const withToken = (path: string, token: string) => call('GET', `${path}?nextToken=${encodeURIComponent(token)}`);
const tags = (list: { Key: string; Value: string }[]) => call('POST', TAGS, { json: { Tags: list } });
const manyTags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
const startRaw = (body: string) => call('POST', `${P}/parts/models/1/start`, { body });
const detectRaw = (body: Buffer, contentType = 'image/png', path = `${P}/parts/models/1/detect`) => call('POST', path, { body, headers: { 'content-type': contentType } });
const createProject = (name: string, headers: Record<string, string> = {}) => call('POST', P, { json: { ProjectName: name }, headers });

/** A token the engine really issued for the train entries of `parts`, with its position moved. */
async function movedEntriesToken(): Promise<string> {
  const page = await engine.client.send(new ListDatasetEntriesCommand({ ProjectName: 'parts', DatasetType: 'train', MaxResults: 10 }));
  const token = JSON.parse(Buffer.from(page.NextToken!, 'base64').toString('utf8')) as { after: number };
  return b64({ ...token, after: token.after + 5 });
}

async function entriesTokenOnModels(): Promise<RawAnswer> {
  const page = await engine.client.send(new ListDatasetEntriesCommand({ ProjectName: 'parts', DatasetType: 'train', MaxResults: 1 }));
  return withToken(`${P}/parts/models`, page.NextToken!);
}

const settledDataset = (project: string, type: 'train' | 'test') =>
  waitFor(
    () => engine.client.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })).then((o) => o.DatasetDescription as DatasetDescription),
    (d) => !(d.Status ?? '').endsWith('IN_PROGRESS'),
    10_000,
  );

const MANIFEST_KEY = 'hostile/manifest.jsonl';
const manifestSource = { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: MANIFEST_KEY } } };

/**
 * An import of a hostile manifest: accepted (202), then CREATE_FAILED with a
 * message naming line 1 and the problem, which is the typed answer here.
 */
function importFails(name: string, manifest: () => string | Buffer | Promise<string | Buffer>, message: RegExp): HostileCase {
  return {
    name,
    send: async () => {
      putObject(engine.dataDir, 'bucket', MANIFEST_KEY, await manifest());
      return call('POST', `${P}/scratch/datasets`, { json: { DatasetType: 'test', DatasetSource: manifestSource } });
    },
    expect: { status: 202, code: null },
    then: async () => {
      try {
        const dataset = await settledDataset('scratch', 'test');
        expect(dataset.Status, dataset.StatusMessage).toBe('CREATE_FAILED');
        expect(dataset.StatusMessage).toMatch(/^Manifest line 1\b/);
        expect(dataset.StatusMessage).toMatch(message);
        expectNoInternals(dataset.StatusMessage ?? '');
        expect(dataset.ImageStats?.Total).toBe(0);
      } finally {
        await engine.client.send(new DeleteDatasetCommand({ ProjectName: 'scratch', DatasetType: 'test' }));
      }
    },
  };
}

const line = (entry: Record<string, unknown>) => JSON.stringify(entry) + '\n';
const refLine = (ref: string) => line({ 'source-ref': ref, 'anomaly-label': 0 });
/** Stores an object in the local bucket and returns its s3:// URI. */
const stored = (key: string, body: Buffer) => putObject(engine.dataDir, 'bucket', `hostile/${key}`, body);

/** UpdateDatasetEntries on the empty train dataset of `scratch`: accepted, then rolled back naming line 1. */
function updateFails(name: string, changes: string, message: RegExp): HostileCase {
  return {
    name,
    send: () => call('PATCH', `${P}/scratch/datasets/train/entries`, { json: { Changes: Buffer.from(changes).toString('base64') } }),
    expect: { status: 202, code: null },
    then: async () => {
      const dataset = await settledDataset('scratch', 'train');
      expect(dataset.Status).toBe('UPDATE_FAILED_ROLLBACK_COMPLETE');
      expect(dataset.StatusMessage).toMatch(/^Manifest line 1\b/);
      expect(dataset.StatusMessage).toMatch(message);
      expect(dataset.ImageStats?.Total).toBe(0);
    },
  };
}

/** A Greengrass configuration the engine accepts, with `overrides`. */
function greengrass(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ComponentName: 'hostile-pkg', TargetDevice: 'jetson_xavier', S3OutputLocation: { Bucket: 'packages', Prefix: 'hostile/' }, ...overrides };
}

function packaging(configuration: unknown): Promise<RawAnswer> {
  return call('POST', `${P}/parts/modelpackagingjobs`, { json: { ModelVersion: '1', Configuration: configuration } });
}

const V = 'ValidationException';
const UNKNOWN = 'UnknownOperationException';

const ENGINE_CASES: HostileCase[] = [
  // Percent-encoding and traversal in path labels
  row('%2F inside a project label', () => call('GET', `${P}/a%2Fb`), 400, V),
  row('%252F (double-encoded slash)', () => call('GET', `${P}/a%252Fb`), 400, V),
  row('%00 in a project label', () => call('GET', `${P}/parts%00`), 400, V),
  row('invalid percent-encoding %zz', () => call('GET', `${P}/%zz`), 400, V),
  row('overlong UTF-8 %C0%AF', () => call('GET', `${P}/%C0%AF`), 400, V),
  // Bytes HTTP does not allow in a request line: Node's parser refuses them; the engine answers as Lookout, and closes.
  row('invalid UTF-8 bytes in the path', () => call('GET', `${P}/\xff\xfe`), 400, V),
  row('invalid UTF-8, percent-encoded, in the path', () => call('GET', `${P}/%FF%FE`), 400, V),
  row('a project label ..', () => call('GET', `${P}/..`), 400, V),
  row('a project label ..%2F..%2Fetc%2Fpasswd', () => call('GET', `${P}/..%2F..%2Fetc%2Fpasswd`), 400, V),
  row('DELETE .../entries/%2e%2e does not reach DeleteDataset', () => call('DELETE', `${ENTRIES}/%2e%2e`), 404, UNKNOWN),
  row('POST .../detect/%2e%2e/stop does not reach StopModel', () => call('POST', `${P}/parts/models/1/detect/%2e%2e/stop`), 404, UNKNOWN),
  row('POST .../detect/../stop does not reach StopModel', () => call('POST', `${P}/parts/models/1/detect/../stop`), 404, UNKNOWN),
  // Unsigned and outside /2020-11-20, these are S3 requests (s3/s3-dispatch.ts), refused in S3's words.
  row('a path starting //host', () => call('GET', `//evil.example${P}`), 400, null, /<Code>InvalidURI<\/Code>/),
  row('a backslash for a slash', () => call('GET', '/2020-11-20\\projects'), 400, null, /<Code>InvalidBucketName<\/Code>/),
  row('a ./ segment', () => call('GET', `${P}/parts/./models`), 404, UNKNOWN),
  // JSON bodies
  row('a project name ../x', () => createProject('../x'), 400, V),
  row('invalid UTF-8 in a JSON string', () => call('POST', P, { body: bytes('{"ProjectName":"hostile\xff"}') }), 400, V),
  row('invalid UTF-8 after the JSON', () => call('POST', P, { body: bytes('{"ProjectName":"hostile"}\xff') }), 400, V),
  row('a JSON array body', () => call('POST', P, { json: [{ ProjectName: 'hostile' }] }), 400, V),
  row('__proto__ carrying the ProjectName', () => call('POST', P, { body: '{"__proto__":{"ProjectName":"hostile-proto"}}' }), 400, V),
  row('__proto__ carrying MinInferenceUnits', () => startRaw('{"__proto__":{"MinInferenceUnits":1}}'), 400, V),
  row('a value nested 100,000 lists deep', () => call('POST', P, { body: `{"ProjectName":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }), 400, V),
  row('duplicate keys: the last one counts, and is checked', () => call('POST', P, { body: '{"ProjectName":"hostile-dup","ProjectName":"../x"}' }), 400, V),
  row('MinInferenceUnits 1e300', () => startRaw('{"MinInferenceUnits":1e300}'), 400, V),
  row('MinInferenceUnits -1', () => startRaw('{"MinInferenceUnits":-1}'), 400, V),
  row('MinInferenceUnits "abc"', () => startRaw('{"MinInferenceUnits":"abc"}'), 400, V),
  row('MinInferenceUnits 1.5', () => startRaw('{"MinInferenceUnits":1.5}'), 400, V),
  row('MinInferenceUnits "1" (a string where the model says integer)', () => startRaw('{"MinInferenceUnits":"1"}'), 400, V, /MinInferenceUnits must be an integer/),
  row('MaxInferenceUnits 0 (the message names the bound, not "Infinity")', () => startRaw('{"MinInferenceUnits":1,"MaxInferenceUnits":0}'), 400, V, /MaxInferenceUnits must be at least 1\./),
  row('CreateModel: an output bucket S3 does not allow (upper case, _)', () => call('POST', `${P}/parts/models`, { json: { OutputConfig: { S3Location: { Bucket: 'Bad_Out.X', Prefix: 'o/' } } } }), 400, V, /not a valid S3 bucket name/),
  row('CreateModel: an output prefix with an empty folder', () => call('POST', `${P}/parts/models`, { json: { OutputConfig: { S3Location: { Bucket: 'outputs', Prefix: 'a//b/' } } } }), 400, V, /cannot hold the evaluation files/),
  row('a JSON body without Content-Type', () => call('POST', P, { json: { ProjectName: 'hostile' }, headers: { 'content-type': '' } }), 415, 'UnsupportedMediaTypeException'),
  row('a JSON body as text/plain', () => call('POST', P, { json: { ProjectName: 'hostile' }, headers: { 'content-type': 'text/plain' } }), 415, 'UnsupportedMediaTypeException'),
  row('an Origin header (a web page)', () => createProject('hostile', { origin: 'https://evil.example' }), 403, 'AccessDeniedException'),
  row('a foreign Host (DNS rebinding)', () => call('GET', P, { headers: { host: 'evil.example' } }), 403, 'AccessDeniedException'),
  // NextToken
  row('NextToken: base64 of a number for a list of names', () => withToken(P, b64({ after: 5 })), 400, V),
  row('NextToken: not base64', () => withToken(P, 'not base64!'), 400, V),
  row('NextToken: 3000 characters', () => withToken(P, 'A'.repeat(3000)), 400, V),
  row('NextToken: base64 of a huge number', () => withToken(`${P}/parts/models`, b64({ after: 1e308 })), 400, V),
  row('NextToken: base64 of a negative version', () => withToken(`${P}/parts/models`, b64({ after: -1 })), 400, V),
  row('NextToken: base64 of a fraction', () => withToken(`${P}/parts/models`, b64({ after: 1.5 })), 400, V),
  row('NextToken: base64 of a negative seq', () => withToken(ENTRIES, b64({ after: -5 })), 400, V),
  row('NextToken: base64 of a string where a number is expected', () => withToken(ENTRIES, b64({ after: '10' })), 400, V),
  row('NextToken: base64 of other JSON', () => withToken(ENTRIES, b64({ seq: 10 })), 400, V),
  row('NextToken: base64 of a JSON list', () => withToken(ENTRIES, b64([1])), 400, V),
  row('NextToken: a real token with its position moved', async () => withToken(ENTRIES, await movedEntriesToken()), 400, V),
  row('NextToken: a ListDatasetEntries token given to ListModels', entriesTokenOnModels, 400, V),
  // MaxResults
  row('MaxResults 0', () => call('GET', `${P}?maxResults=0`), 400, V),
  row('MaxResults 101', () => call('GET', `${P}?maxResults=101`), 400, V),
  row('MaxResults -1', () => call('GET', `${P}?maxResults=-1`), 400, V),
  row('MaxResults abc', () => call('GET', `${P}?maxResults=abc`), 400, V),
  row('MaxResults 1e3', () => call('GET', `${ENTRIES}?maxResults=1e3`), 400, V),
  // Client tokens
  row('X-Amzn-Client-Token with bad characters', () => createProject('hostile-token', { 'x-amzn-client-token': 'bad$token' }), 400, V),
  row('X-Amzn-Client-Token of 65 characters', () => createProject('hostile-token', { 'x-amzn-client-token': 'a'.repeat(65) }), 400, V),
  row('X-Amzn-Client-Token of non-ASCII bytes', () => createProject('hostile-token', { 'x-amzn-client-token': '\xff\xfe' }), 400, V),
  // Tags
  row('a tag key aws:owner', () => tags([{ Key: 'aws:owner', Value: 'x' }]), 400, V),
  row('a tag key AWS:Owner', () => tags([{ Key: 'AWS:Owner', Value: 'x' }]), 400, V),
  row('201 tags in one request', () => tags(manyTags(201)), 400, V),
  row('51 tags on one resource', () => tags(manyTags(51)), 402, 'ServiceQuotaExceededException'),
  row('a tag value of 257 characters', () => tags([{ Key: 'k', Value: 'v'.repeat(257) }]), 400, V),
  row('a tag value of 900,000 characters', () => tags([{ Key: 'k', Value: 'v'.repeat(900_000) }]), 400, V),
  row('a tag request over the body limit', () => tags([{ Key: 'k', Value: 'v'.repeat(2 * MiB) }]), 400, V),
  row('UntagResource of an aws: key', () => call('DELETE', `${TAGS}?tagKeys=aws%3Aowner`), 400, V),
  row('a tag ARN of another account', () => call('GET', `/2020-11-20/tags/${encodeURIComponent(PARTS_ARN.replace('000000000000', '111111111111'))}`), 400, V),
  row('a tag ARN with traversal', () => call('GET', `/2020-11-20/tags/${encodeURIComponent(PARTS_ARN.replace('/parts', '/../parts'))}`), 400, V),
  // Manifests and source-refs
  row('a manifest key with traversal', () => call('POST', `${P}/scratch/datasets`, { json: { DatasetType: 'test', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'bucket', Key: '../../../etc/passwd' } } } } }), 400, V),
  row('a manifest bucket ...', () => call('POST', `${P}/scratch/datasets`, { json: { DatasetType: 'test', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: '...', Key: 'x' } } } } }), 400, V),
  row('a DatasetSource that is a string', () => call('POST', `${P}/scratch/datasets`, { json: { DatasetType: 'test', DatasetSource: 's3://bucket/x' } }), 400, V),
  importFails('source-ref s3://bucket/../../etc/passwd', () => refLine('s3://bucket/../../etc/passwd'), /taken literally/),
  importFails('source-ref with a .. inside the bucket (S3 takes the key literally)', () => refLine('s3://bucket/a/../x.png'), /taken literally/),
  importFails('source-ref s3://bucket/%2e%2e/%2e%2e/etc/passwd', () => refLine('s3://bucket/%2e%2e/%2e%2e/etc/passwd'), /does not exist/),
  importFails('source-ref an absolute path', () => refLine('/etc/passwd'), /not an s3:\/\/ URI/),
  importFails('source-ref file:///etc/passwd', () => refLine('file:///etc/passwd'), /not an s3:\/\/ URI/),
  importFails('source-ref s3://../x', () => refLine('s3://../x'), /not a valid object location/),
  importFails('source-ref relative, climbing out of the bucket', () => refLine('../../../../../../etc/passwd'), /not a valid object location/),
  importFails('a manifest line with invalid UTF-8', () => bytes('{"source-ref":"s3://bucket/hostile/\xff\xfe.png","anomaly-label":0}\n'), /does not exist/),
  importFails('a manifest line of 10,000 characters', () => line({ 'source-ref': 's3://bucket/x.png', pad: 'x'.repeat(10_000) }), /longer than 8192 characters/),
  importFails('anomaly-label 2', () => line({ 'source-ref': 's3://bucket/x.png', 'anomaly-label': 2 }), /"anomaly-label" must be 1/),
  importFails('a source-ref nested 3,000 lists deep', () => `{"source-ref":${'['.repeat(3000)}${']'.repeat(3000)}}\n`, /"source-ref" is missing/),
  importFails('a mask that is a JPEG', async () =>
    line({
      'source-ref': stored('masked.png', await makeImage('png', 64, 64)),
      'anomaly-label': 1,
      'anomaly-mask-ref': stored('mask.jpg', await makeImage('jpeg', 64, 64)),
      'anomaly-mask-ref-metadata': { 'internal-color-map': { 0: { 'class-name': 'scratch', 'hex-color': '#23A436' } } },
    }), /the mask must be a PNG image/),
  importFails('an image that is a decompression bomb', () => refLine(stored('bomb.png', img.pngBomb)), /cannot be decoded|pixels/),
  importFails('an image that is a truncated PNG', () => refLine(stored('truncated.png', img.truncated)), /cannot be decoded|truncated|damaged/),
  row('UpdateDatasetEntries Changes that are not base64', () => call('PATCH', `${P}/scratch/datasets/train/entries`, { json: { Changes: '!!! not base64 !!!' } }), 400, V),
  row('UpdateDatasetEntries Changes a number', () => call('PATCH', `${P}/scratch/datasets/train/entries`, { json: { Changes: 12345 } }), 400, V),
  updateFails('UpdateDatasetEntries with a source-ref outside the bucket', refLine('s3://bucket/../../../etc/passwd'), /taken literally/),
  // DetectAnomalies
  row('DetectAnomalies: a JPEG declared image/png', () => detectRaw(img.jpeg, 'image/png'), 400, V),
  row('DetectAnomalies: a GIF as image/gif', () => detectRaw(img.gif, 'image/gif'), 400, V),
  row('DetectAnomalies: a PNG declared application/json', () => detectRaw(img.good, 'application/json'), 400, V),
  row('DetectAnomalies: an empty body', () => detectRaw(Buffer.alloc(0)), 400, V),
  row('DetectAnomalies: a 9 MB body', () => detectRaw(Buffer.concat([img.good, Buffer.alloc(9 * MiB)])), 400, V),
  row('DetectAnomalies: a truncated PNG', () => detectRaw(img.truncated), 400, V),
  row('DetectAnomalies: a corrupt PNG', () => detectRaw(img.corrupt), 400, V),
  row('DetectAnomalies: a PNG decompression bomb', () => detectRaw(img.pngBomb), 400, V, /pixels/),
  row('DetectAnomalies: a JPEG declaring 30000x30000', () => detectRaw(img.jpegBomb, 'image/jpeg'), 400, V),
  row('DetectAnomalies: the wrong size', () => detectRaw(img.small), 400, V, /64x64.*128x128/),
  row('DetectAnomalies: version 0', () => detectRaw(img.good, 'image/png', `${P}/parts/models/0/detect`), 400, V),
  // Model packaging jobs
  row('StartModelPackagingJob: Configuration a string', () => packaging('Greengrass'), 400, V),
  row('StartModelPackagingJob: Greengrass a list', () => packaging({ Greengrass: [] }), 400, V),
  row('StartModelPackagingJob: an output prefix that climbs out of the bucket', () => packaging({ Greengrass: greengrass({ S3OutputLocation: { Bucket: 'packages', Prefix: '../../../etc/' } }) }), 400, V),
  row('StartModelPackagingJob: an output bucket ..', () => packaging({ Greengrass: greengrass({ S3OutputLocation: { Bucket: '..', Prefix: 'x/' } }) }), 400, V),
  row('StartModelPackagingJob: an output bucket S3 does not allow', () => packaging({ Greengrass: greengrass({ S3OutputLocation: { Bucket: 'Bad_Bucket.X', Prefix: 'p/' } }) }), 400, V, /not a valid S3 bucket name/),
  row('StartModelPackagingJob: TargetDevice and TargetPlatform both', () => packaging({ Greengrass: greengrass({ TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' } }) }), 400, V),
  row('StartModelPackagingJob: CompilerOptions that are not JSON', () => packaging({ Greengrass: { ...greengrass({ TargetDevice: undefined }), TargetPlatform: { Os: 'LINUX', Arch: 'ARM64', Accelerator: 'NVIDIA' }, CompilerOptions: '{not json' } }), 400, V),
  row('StartModelPackagingJob: a Configuration nested 3,000 levels', () => call('POST', `${P}/parts/modelpackagingjobs`, { body: `{"ModelVersion":"1","Configuration":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`, headers: { 'content-type': 'application/x-amz-json-1.1' } }), 400, V),
  row('DescribeModelPackagingJob: a job name ..', () => call('GET', `${P}/parts/modelpackagingjobs/..`), 400, V),
  row('DescribeModelPackagingJob: a job that does not exist', () => call('GET', `${P}/parts/modelpackagingjobs/nobody-made-me`), 404, 'ResourceNotFoundException'),
  row('ListModelPackagingJobs: MaxResults 0', () => call('GET', `${P}/parts/modelpackagingjobs?maxResults=0`), 400, V),
  // Unknown operations, wrong methods
  row('a path below a model packaging job', () => call('GET', `${P}/parts/modelpackagingjobs/job-1/stop`), 404, UNKNOWN),
  row("GET /: S3's ListBuckets", () => call('GET', '/'), 200, null, /<ListAllMyBucketsResult/),
  row('another API version: an S3 bucket that does not exist', () => call('GET', '/2020-11-21/projects'), 404, null, /<Code>NoSuchBucket<\/Code>/),
  row('PUT on the projects collection', () => call('PUT', P, { json: { ProjectName: 'hostile' } }), 405, UNKNOWN),
  row('PATCH on a project', () => call('PATCH', `${P}/parts`, { json: {} }), 405, UNKNOWN),
];

describe(`the engine API: ${ENGINE_CASES.length} hostile requests`, () => {
  runCases(ENGINE_CASES, engineCode, async () => {
    await engineWorks();
    await gatewayWorks();
    await detectionWorks();
  });
});

describe('afterwards', () => {
  it('still holds everything stored at the start: projects, dataset entries, the HOSTED model, tags', async () => {
    expect(await snapshot()).toEqual(baseline);
    expect(baseline.model.status).toBe('HOSTED');
    expect(baseline.train.entries).toHaveLength(30);
  });
});
