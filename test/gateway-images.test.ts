import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFECT_CLASS, DEFECT_COLOR, syntheticPart } from '../src/demo/synthetic-parts';
import { makeImage, withMetadataSegments } from './support/images';
import { sdkClient, startEngine, type RunningEngine } from './support/engine-harness';
import { s3ClientLike } from '../src/server/s3-client';
import { startGateway, type RunningGateway } from './support/gateway-harness';

// Images into datasets through GraphQL multipart requests, over the engine's
// S3 API and the Lookout API: the whole path a console or an app takes.
let engine: RunningEngine;
let gw: RunningGateway;

type Answer = { status: number; data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

const gql = (query: string, variables: Record<string, unknown> = {}) =>
  fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then(
    async (r) => ({ status: r.status, ...((await r.json()) as object) }) as Answer,
  );

interface Batch {
  label: 'NORMAL' | 'ANOMALY' | 'UNLABELED';
  file: Buffer;
  /** The file's name in the request (its index and .png unless given). */
  fileName?: string;
  mask?: Buffer;
  anomalyClasses?: { name: string; color: string }[];
}

const ADD = `mutation($project: String!, $dataset: DatasetType!, $images: [ImageInput!]!) {
  addImages(project: $project, dataset: $dataset, images: $images) { id type status imageStats { total normal anomaly labeled } }
}`;

/** addImages as a GraphQL multipart request: every image (and mask) a file part, in order. */
async function addImages(project: string, images: Batch[], dataset = 'TRAIN'): Promise<Answer> {
  const form = new FormData();
  const variables = { project, dataset, images: images.map((i) => ({ file: null, label: i.label, mask: i.mask ? null : undefined, anomalyClasses: i.anomalyClasses })) };
  const map: Record<string, string[]> = {};
  const files: [string, Buffer, string?][] = [];
  images.forEach((image, i) => {
    map[String(files.length)] = [`variables.images.${i}.file`];
    files.push([String(files.length), image.file, image.fileName]);
    if (image.mask) {
      map[String(files.length)] = [`variables.images.${i}.mask`];
      files.push([String(files.length), image.mask]);
    }
  });
  form.append('operations', JSON.stringify({ query: ADD, variables }));
  form.append('map', JSON.stringify(map));
  for (const [name, bytes, fileName] of files) form.append(name, new Blob([bytes]), fileName ?? `${name}.png`);
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: form });
  return { status: res.status, ...((await res.json()) as object) };
}

async function parts(kind: 'normal' | 'anomaly', count: number, seed: number): Promise<Batch[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const part = await syntheticPart(kind, seed + i);
      return kind === 'normal'
        ? { label: 'NORMAL' as const, file: part.png }
        : { label: 'ANOMALY' as const, file: part.png, mask: part.mask, anomalyClasses: [{ name: DEFECT_CLASS, color: DEFECT_COLOR }] };
    }),
  );
}

const stats = async (project: string) => (await gql('query($p: String!) { project(name: $p) { datasets { type imageStats { total normal anomaly } } } }', { p: project })).data.project.datasets;

/** The requests the engine has been sent: method, URL and Range header. */
const sent: { method: string; url: string; range: string | undefined }[] = [];
/** Of those, the S3 reads of dataset objects. */
const objectReads = () => sent.filter((r) => r.method === 'GET' && r.url.startsWith('/lookout-gateway/')).map(({ url, range }) => ({ key: url, range }));
/** Of those, the ListDatasetEntries calls (their query strings). */
const entryListings = () => sent.filter((r) => r.method === 'GET' && /\/datasets\/\w+\/entries/.test(r.url)).map((r) => new URL(r.url, 'http://engine').searchParams);

beforeAll(async () => {
  engine = await startEngine({}, (request) => {
    sent.push({ method: request.method ?? '', url: request.url ?? '', range: request.headers.range });
  });
  gw = await startGateway(sdkClient(engine.url), { maxBatchUploadBytes: 8 * 1024 * 1024 });
  await gql('mutation { createProject(name: "washers") { id } }');
}, 60_000);
afterAll(async () => {
  await gw?.close();
  await engine?.close();
});

describe('addImages', () => {
  it('creates the dataset from the first batch and adds later ones, with masks and classes', async () => {
    const first = await addImages('washers', await parts('normal', 12, 100));
    expect(first.errors).toBeUndefined();
    expect(first.data.addImages).toMatchObject({ type: 'TRAIN', status: 'CREATE_COMPLETE', imageStats: { total: 12, normal: 12, anomaly: 0, labeled: 12 } });
    const second = await addImages('washers', [...(await parts('normal', 13, 200)), ...(await parts('anomaly', 12, 300))]);
    expect(second.errors).toBeUndefined();
    expect(second.data.addImages).toMatchObject({ status: 'UPDATE_COMPLETE', imageStats: { total: 37, normal: 25, anomaly: 12, labeled: 37 } });
    const masked = await gql('{ datasetEntries(project: "washers", first: 100, filter: { anomalyClass: ANOMALY }) { edges { node { label maskRef anomalyClasses { name color } } } } }');
    expect(masked.data.datasetEntries.edges).toHaveLength(12);
    expect(masked.data.datasetEntries.edges[0].node).toMatchObject({ label: 'ANOMALY', anomalyClasses: [{ name: DEFECT_CLASS, color: DEFECT_COLOR }] });
    expect(masked.data.datasetEntries.edges[0].node.maskRef).toMatch(/^s3:\/\/lookout-gateway\/datasets\/washers\/train\//);
  });

  it.each([
    ['a file that is no image at index 2', async () => [...(await parts('normal', 2, 400)), { label: 'NORMAL' as const, file: Buffer.from('GIF89a not an image') }], 2, /^images\[2\]: the file is neither a PNG nor a JPEG image\.$/],
    ['an image of another size', async () => [{ label: 'NORMAL' as const, file: await makeImage('png', 96, 96) }], 0, /96x96, but the dataset's images are 128x128/],
    ['a mask of the wrong size', async () => [{ ...(await parts('anomaly', 1, 500))[0], mask: await makeImage('png', 64, 64) }], 0, /mask is 64x64, the image 128x128/],
    ['a mask on a NORMAL image', async () => [{ label: 'NORMAL' as const, file: (await syntheticPart('normal', 600)).png, mask: (await syntheticPart('anomaly', 601)).mask, anomalyClasses: [{ name: 'x', color: '#FF0000' }] }], 0, /only an ANOMALY image may have a mask/],
    ['the same image twice', async () => { const one = (await parts('normal', 1, 700))[0]; return [one, one]; }, 1, /same as images\[0\]/],
    ['an image the dataset has already (sent again by an earlier batch)', async () => [(await parts('normal', 1, 701))[0], (await parts('normal', 1, 100))[0]], 1, /in the dataset already, as s3:\/\/.*\/0-[0-9a-f]{16}-0\.png/],
    ['a mask painted in a colour no class names', async () => [{ ...(await parts('anomaly', 1, 800))[0], anomalyClasses: [{ name: DEFECT_CLASS, color: '#FF0000' }] }], 0, /mask paints #E31A1C, which no colour of its anomalyClasses \(#FF0000\) names/],
    ['a mask that paints none of its classes', async () => [{ ...(await parts('anomaly', 1, 801))[0], mask: await sharp({ create: { width: 128, height: 128, channels: 3, background: '#000000' } }).png().toBuffer() }], 0, /paints none of its anomalyClasses' colours/],
  ])('refuses %s, naming the index, and leaves the dataset as it was', async (_case, batch, index, message) => {
    const before = await stats('washers');
    const answer = await addImages('washers', await batch());
    // A file that is no image at all is answered as detectAnomalies answers it; the rest are the batch's faults.
    expect(answer.errors?.[0].extensions).toMatchObject({ code: _case.includes('no image') ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_USER_INPUT', index });
    expect(answer.errors?.[0].message).toMatch(message);
    expect(await stats('washers')).toEqual(before);
  });

  it("reads only the head of the dataset's first image to learn the dataset's image size", async () => {
    await gql('mutation { createProject(name: "heads") { id } }');
    expect((await addImages('heads', await parts('normal', 1, 1000))).errors).toBeUndefined();
    sent.length = 0;
    const answer = await addImages('heads', await parts('normal', 1, 1001));
    expect(answer.data?.addImages.imageStats.total).toBe(2);
    expect(objectReads()).toEqual([{ key: expect.stringMatching(/^\/lookout-gateway\/datasets\/heads\/train\//), range: 'bytes=0-262143' }]);
  });

  it('names the missing first image when it is gone from S3, and adds nothing', async () => {
    await gql('mutation { createProject(name: "first-gone") { id } }');
    expect((await addImages('first-gone', await parts('normal', 2, 1200))).errors).toBeUndefined();
    sent.length = 0;
    expect((await addImages('first-gone', await parts('normal', 1, 1202))).errors).toBeUndefined();
    const [, bucket, ...path] = new URL(objectReads()[0].key, 'http://engine').pathname.split('/');
    const key = decodeURIComponent(path.join('/'));
    await s3ClientLike(sdkClient(engine.url)).send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const before = await stats('first-gone');
    const answer = await addImages('first-gone', await parts('normal', 1, 1203));
    expect(answer.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(answer.errors?.[0].message).toBe(`S3 no longer has s3://${bucket}/${key}, the first image of the train dataset of first-gone.`);
    expect(await stats('first-gone')).toEqual(before);
  });

  it("reads the whole first image when a JPEG's header runs past the head, and still refuses another size", async () => {
    await gql('mutation { createProject(name: "long-headers") { id } }');
    const first = await addImages('long-headers', [{ label: 'NORMAL', file: withMetadataSegments(await makeImage('jpeg', 128, 128), 5) }]);
    expect(first.errors).toBeUndefined();
    sent.length = 0;
    const other = await addImages('long-headers', [{ label: 'NORMAL', file: await makeImage('jpeg', 96, 96, 1) }]);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', index: 0 });
    expect(other.errors?.[0].message).toMatch(/96x96, but the dataset's images are 128x128/);
    expect(objectReads().map((read) => read.range)).toEqual(['bytes=0-262143', undefined]);
    const same = await addImages('long-headers', [{ label: 'NORMAL', file: await makeImage('jpeg', 128, 128, 2) }]);
    expect(same.data?.addImages.imageStats.total).toBe(2);
  });

  it('finds an image sent again by its hash alone, with no listing of the whole dataset, when one image is added', async () => {
    await gql('mutation { createProject(name: "twins") { id } }');
    expect((await addImages('twins', await parts('normal', 2, 1100))).errors).toBeUndefined();
    const before = await stats('twins');
    sent.length = 0;
    const answer = await addImages('twins', await parts('normal', 1, 1101));
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', index: 0 });
    expect(answer.errors?.[0].message).toMatch(/in the dataset already, as s3:\/\/.*\/1-[0-9a-f]{16}-1\.png/);
    const listings = entryListings().filter((query) => query.get('maxResults') === '100');
    expect(listings).toHaveLength(1);
    expect(listings[0].get('sourceRefContains')).toMatch(/^-[0-9a-f]{16}$/);
    expect(await stats('twins')).toEqual(before);
    // A new image gets the same one filtered call, and is added.
    sent.length = 0;
    expect((await addImages('twins', await parts('normal', 1, 1102))).errors).toBeUndefined();
    expect(entryListings().filter((query) => query.get('maxResults') === '100').map((query) => query.get('sourceRefContains'))).toEqual([expect.stringMatching(/^-[0-9a-f]{16}$/)]);
    // A key that names the hash only in its file name is no twin.
    const next = (await parts('normal', 1, 1103))[0];
    const hash = createHash('sha256').update(next.file).digest('hex').slice(0, 16);
    expect((await addImages('twins', [{ ...(await parts('normal', 1, 1104))[0], fileName: `decoy-${hash}.png` }])).errors).toBeUndefined();
    sent.length = 0;
    expect((await addImages('twins', [next])).data?.addImages.imageStats.total).toBe(5);
    expect(entryListings().find((query) => query.get('maxResults') === '100')?.get('sourceRefContains')).toBe(`-${hash}`);
  });

  it('refuses a batch over MAX_BATCH_UPLOAD_BYTES with PAYLOAD_TOO_LARGE, changing nothing', async () => {
    const before = await stats('washers');
    // Noise does not compress: each of these PNGs is about 3 MB.
    const big = await Promise.all(Array.from({ length: 4 }, () => sharp(randomBytes(1024 * 1024 * 3), { raw: { width: 1024, height: 1024, channels: 3 } }).png().toBuffer()));
    const answer = await addImages('washers', big.map((file) => ({ label: 'NORMAL' as const, file })));
    // Refused with 413 before parsing when the body's length is declared; as the mutation's error when it arrives chunked.
    expect([200, 413]).toContain(answer.status);
    expect(answer.errors?.[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(answer.errors?.[0].message).toMatch(/larger than the 8388608 bytes one multipart request may carry/);
    expect(await stats('washers')).toEqual(before);
  });

  it('needs the admin role', async () => {
    const { ApiKeys } = await import('../src/auth/api-keys');
    const { Authenticator } = await import('../src/auth/authenticator');
    const viewerOnly = await startGateway(sdkClient(engine.url), { security: { authenticator: new Authenticator(ApiKeys.fromConfig('v:viewer:viewer-key-0123456789abcdef', undefined), null) } });
    try {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query: ADD, variables: { project: 'washers', dataset: 'TRAIN', images: [{ file: null, label: 'NORMAL' }] } }));
      form.append('map', JSON.stringify({ 0: ['variables.images.0.file'] }));
      form.append('0', new Blob([(await syntheticPart('normal', 900)).png]), 'a.png');
      const res = await fetch(`${viewerOnly.url}/graphql`, { method: 'POST', headers: { 'apollo-require-preflight': 'true', 'x-api-key': 'viewer-key-0123456789abcdef' }, body: form });
      expect(((await res.json()) as Answer).errors?.[0].extensions.code).toBe('FORBIDDEN');
    } finally {
      await viewerOnly.close();
    }
  });
});

describe('removeImages', () => {
  it('removes images by making the dataset again without them; an unknown one changes nothing', async () => {
    const entries = (await gql('{ datasetEntries(project: "washers", first: 3, filter: { anomalyClass: NORMAL }) { edges { node { sourceRef } } } }')).data.datasetEntries.edges;
    const refs = entries.map((e: { node: { sourceRef: string } }) => e.node.sourceRef);
    const unknown = await gql('mutation($r: [String!]!) { removeImages(project: "washers", sourceRefs: $r) { status } }', { r: [refs[0], 's3://nowhere/x.png'] });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', index: 1 });
    expect((await stats('washers'))[0].imageStats.total).toBe(37);

    const removed = await gql('mutation($r: [String!]!) { removeImages(project: "washers", sourceRefs: $r) { status imageStats { total normal anomaly } } }', { r: refs });
    expect(removed.errors).toBeUndefined();
    expect(removed.data.removeImages).toEqual({ status: 'CREATE_COMPLETE', imageStats: { total: 34, normal: 22, anomaly: 12 } });
    const left = await gql('{ datasetEntries(project: "washers", first: 100) { edges { node { sourceRef } } } }');
    const leftRefs = left.data.datasetEntries.edges.map((e: { node: { sourceRef: string } }) => e.node.sourceRef);
    for (const ref of refs) expect(leftRefs).not.toContain(ref);
  });
});

describe('training on uploaded images', () => {
  it('trains a segmentation model from images added through GraphQL', async () => {
    const trained = await gql('mutation { trainModel(project: "washers", wait: true, timeoutSeconds: 120) { status performance { f1Score } } }');
    expect(trained.errors).toBeUndefined();
    expect(trained.data.trainModel.status).toBe('TRAINED');
  });
});
