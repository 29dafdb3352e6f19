import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../src/auth/api-keys';
import { Authenticator } from '../../src/auth/authenticator';
import { GatewayClient } from '../../src/client/gateway-client';
import { ProjectDocument } from '../../src/client/generated/graphql';
import { DEFECT_COLOR } from '../../src/demo/synthetic-parts';
import { loadSecurityConfig } from '../../src/server/security-config';
import { sdkClient, startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { startGateway, type RunningGateway } from '../support/gateway-harness';
import { BIN, HAVE_BUILD, NO_STACK, runBin, shown } from './run-cli';

// The client commands of the built binary, run as an operator runs them,
// against a real gateway (with API keys) over a real engine. The tests build
// on each other in order: import, train, host, promote, detect, stop.
const KEYS = { admin: 'admin-key-0123456789abcdef', viewer: 'viewer-key-0123456789abcdef', inference: 'camera-key-0123456789abcdef' };
const PROJECT = 'cli-washers';
const HAVE_SCRIPT = spawnSync('script', ['--version']).status === 0;

let engine: RunningEngine;
let gw: RunningGateway;
let dir: string;
/** Flags every command gets: the gateway and the admin key. */
let admin: string[];
const as = (key: string) => ['--url', `${gw.url}/graphql`, '--api-key', key];

beforeAll(async () => {
  engine = await startEngine();
  const authenticator = new Authenticator(ApiKeys.fromConfig(`ops:admin:${KEYS.admin},dashboard:viewer:${KEYS.viewer},line-3:inference:${KEYS.inference}`, undefined), null);
  gw = await startGateway(sdkClient(engine.url), { security: { authenticator } });
  admin = as(KEYS.admin);
  dir = mkdtempSync(join(tmpdir(), 'lookout-cli-'));
  // The images come from the CLI's own demo-images: normal/, anomaly/ and mask/ (scratches in DEFECT_COLOR).
  const made = await runBin(['demo-images', '--out', join(dir, 'washers'), '--normal', '20', '--anomaly', '10']);
  if (made.code !== 0) throw new Error(shown(made));
});
afterAll(async () => {
  await gw?.close();
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_BUILD)('lookout-gateway client commands against a real gateway', () => {
  it('dataset import uploads the folder with labels and masks in batches, creating the project', async () => {
    const run = await runBin(['dataset', 'import', join(dir, 'washers'), '--project', PROJECT, '--create-project', '--batch-size', '8', '--class', `scratch=${DEFECT_COLOR}`, ...admin]);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toContain(`created project ${PROJECT}`);
    expect(run.stderr).toMatch(/batch 1\/4: 8 images -> train dataset/);
    expect(run.stderr).toMatch(/batch 4\/4: 6 images -> train dataset/);
    expect(run.stdout).toContain(`Imported 30 images (20 normal, 10 anomalous, 10 with masks) into the train dataset of ${PROJECT} in 4 batch(es).`);
    expect(run.stdout).toMatch(/The dataset is \w+_COMPLETE: 30 images, 20 normal, 10 anomalous/);
    // As the gateway sees it.
    const { project } = await new GatewayClient(gw.url, { apiKey: KEYS.viewer }).request(ProjectDocument, { name: PROJECT });
    expect(project?.datasets.find((d) => d.type === 'TRAIN')?.imageStats).toMatchObject({ total: 30, normal: 20, anomaly: 10 });
  });

  it('dataset import run again skips the images the dataset has already', async () => {
    const run = await runBin(['dataset', 'import', join(dir, 'washers'), '--project', PROJECT, '--class', `scratch=${DEFECT_COLOR}`, ...admin]);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toContain('30 of 30 images already in the train dataset, skipped.');
    expect(run.stderr).not.toMatch(/batch \d/);
    expect(run.stdout).toContain(`Imported no images: all 30 are in the train dataset of ${PROJECT} already.`);
    expect(run.stdout).toMatch(/The dataset is \w+_COMPLETE: 30 images, 20 normal, 10 anomalous/);
    const { project } = await new GatewayClient(gw.url, { apiKey: KEYS.viewer }).request(ProjectDocument, { name: PROJECT });
    expect(project?.datasets.find((d) => d.type === 'TRAIN')?.imageStats).toMatchObject({ total: 30, normal: 20, anomaly: 10 });
  });

  it('dataset import names the refused file and keeps the exit code of a failed operation', async () => {
    const bad = join(dir, 'bad');
    const made = await runBin(['demo-images', '--out', bad, '--normal', '2', '--anomaly', '0']);
    expect(made.code, shown(made)).toBe(0);
    writeFileSync(join(bad, 'normal', 'zz-not-an-image.png'), 'this is text, not a PNG');
    const run = await runBin(['dataset', 'import', bad, '--project', PROJECT, '--type', 'test', '--json', ...admin]);
    expect(run.code, shown(run)).toBe(1);
    expect(run.stderr).toMatch(/batch 1\/1 failed; the 0 images before it are in the dataset\./);
    expect(run.stderr).toMatch(/UNSUPPORTED_MEDIA_TYPE: normal\/zz-not-an-image\.png: images\[2\]: the file is neither a PNG nor a JPEG image\./);
    expect(run.stderr).not.toMatch(NO_STACK);
    // Without the file that is no image, the folder goes in (into another project, as JSON).
    rmSync(join(bad, 'normal', 'zz-not-an-image.png'));
    const fixed = await runBin(['dataset', 'import', bad, '--project', 'cli-other', '--create-project', '--type', 'test', '--json', ...admin]);
    expect(fixed.code, shown(fixed)).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ project: 'cli-other', dataset: 'test', imported: { total: 2, normal: 2, anomaly: 0, masks: 0 }, batches: 1, imageStats: { total: 2, normal: 2 } });

    // The same two images (demo-images is deterministic), a new one and a copy of it: only the new one goes up.
    const more = join(dir, 'more');
    expect((await runBin(['demo-images', '--out', more, '--normal', '3', '--anomaly', '0'])).code).toBe(0);
    copyFileSync(join(more, 'normal', 'washer-2.png'), join(more, 'normal', 'washer-2-copy.png'));
    const again = await runBin(['dataset', 'import', more, '--project', 'cli-other', '--type', 'test', '--json', ...admin]);
    expect(again.code, shown(again)).toBe(0);
    expect(again.stderr).toContain('2 of 4 images already in the test dataset, skipped');
    expect(again.stderr).toContain('normal/washer-2.png is the same image as normal/washer-2-copy.png; skipped.');
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: { total: 1, normal: 1 }, skipped: { existing: 2, duplicates: 1 }, batches: 1, imageStats: { total: 3, normal: 3 } });
  });

  it('model create --wait trains a version and tells each status change', async () => {
    const run = await runBin(['model', 'create', '--project', PROJECT, '--description', 'from-the-cli', '--wait', '--timeout', '300', ...admin]);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${PROJECT} version 1: TRAINING\\n`));
    expect(run.stderr).toMatch(/version 1: TRAINING -> TRAINED .*after \d+\.\d s/);
    expect(run.stdout).toMatch(/version 1: TRAINED, F1 \d\.\d{3} \(precision \d\.\d{3}, recall \d\.\d{3}\)/);
  }, 240_000);

  it('refuses model start with a viewer or inference key: FORBIDDEN, exit code 4', async () => {
    for (const key of [KEYS.viewer, KEYS.inference]) {
      const run = await runBin(['model', 'start', '--project', PROJECT, '--version', '1', ...as(key)]);
      expect(run.code, shown(run)).toBe(4);
      expect(run.stderr).toMatch(/^lookout-gateway: FORBIDDEN: Mutation\.startModel needs the admin role/);
      expect(run.stderr).not.toMatch(NO_STACK);
    }
  });

  it('refuses an unknown key: UNAUTHENTICATED, exit code 4', async () => {
    const run = await runBin(['model', 'list', '--project', PROJECT], { LOOKOUT_GATEWAY_URL: `${gw.url}/graphql`, LOOKOUT_API_KEY: 'not-a-key-0123456789abcdef' });
    expect(run.code, shown(run)).toBe(4);
    expect(run.stderr).toMatch(/UNAUTHENTICATED/);
  });

  it('model start --wait hosts the version, telling the transition', async () => {
    const run = await runBin(['model', 'start', '--project', PROJECT, '--version', 'latest', '--units', '1', '--wait', ...admin]);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toMatch(/version 1: STARTING_HOSTING -> HOSTED .*after \d+\.\d s/);
    // A new message under the same status is a message, not a transition to itself.
    expect(run.stderr).not.toMatch(/: (\w+) -> \1\b/);
    expect(run.stdout).toMatch(/version 1: HOSTED/);
  }, 120_000);

  it('model status answers the status, as JSON too, with the URL and key from the environment', async () => {
    const env = { LOOKOUT_GATEWAY_URL: gw.url, LOOKOUT_API_KEY: KEYS.viewer };
    const text = await runBin(['model', 'status', '--project', PROJECT], env);
    expect(text.code, shown(text)).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${PROJECT} version 1: HOSTED, ready for detections( \\(.*\\))?\\n$`));
    const json = await runBin(['model', 'status', '--project', PROJECT, '--version', '1', '--json'], env);
    expect(json.code, shown(json)).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ project: PROJECT, version: '1', status: 'HOSTED', ready: true });
  });

  it('model promote points an alias at the version', async () => {
    const run = await runBin(['model', 'promote', '--project', PROJECT, '--version', '1', '--alias', 'production', ...admin]);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stdout).toBe(`${PROJECT} production: -> 1 (new) (HOSTED)\n`);
  }, 60_000);

  it('model list shows the versions as a table and as JSON', async () => {
    const table = await runBin(['model', 'list', '--project', PROJECT, ...as(KEYS.viewer)]);
    expect(table.code, shown(table)).toBe(0);
    const [header, rule, row] = table.stdout.split('\n');
    expect(header).toMatch(/^version\s+status\s+aliases\s+f1\s+precision\s+recall\s+units\s+created$/);
    expect(rule).toMatch(/^-+ +-+/);
    expect(row).toMatch(/^\s*1\s+HOSTED\s+production\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+1-1\s+\d{4}-/);
    const json = await runBin(['model', 'list', '--project', PROJECT, '--json', ...as(KEYS.viewer)]);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ version: '1', status: 'HOSTED', aliases: ['production'], description: 'from-the-cli' })]);
  });

  it('detect takes globs and files, and prints one JSON document', async () => {
    const washers = join(dir, 'washers');
    // An absolute glob, a file, and a glob relative to the working directory (answered relative to it).
    const args = [`${washers}/anomaly/washer-[0-2].png`, join(washers, 'normal', 'washer-0.png'), 'washers/normal/washer-1*.png'];
    const run = await runBin(['detect', ...args, '--project', PROJECT, '--version', 'production', '--concurrency', '3', '--json', ...as(KEYS.inference)], {}, dir);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toBe(''); // no progress bar off a terminal
    const report = JSON.parse(run.stdout) as { summary: Record<string, number>; results: { file: string; ok: boolean; modelVersion: string; isAnomalous: boolean; confidence: number; classes: { name: string }[] }[] };
    // anomaly 0-2, normal 0, then normal 1 and 10-19 (the literal file once).
    expect(report.results.map((r) => r.file)).toEqual([
      `${washers}/anomaly/washer-0.png`,
      `${washers}/anomaly/washer-1.png`,
      `${washers}/anomaly/washer-2.png`,
      `${washers}/normal/washer-0.png`,
      ...['1', ...Array.from({ length: 10 }, (_, i) => String(10 + i))].map((n) => `washers/normal/washer-${n}.png`),
    ]);
    expect(report.summary).toEqual({ total: 15, anomalous: 3, normal: 12, failed: 0 });
    for (const result of report.results) {
      expect(result.ok).toBe(true);
      expect(result.modelVersion).toMatch(/^[1-9]\d*$/); // the number "production" stood for
      expect(result.confidence).toBeGreaterThan(0);
      expect(result.isAnomalous).toBe(result.file.includes('/anomaly/'));
    }
    expect(report.results[0].classes).toEqual([expect.objectContaining({ name: 'scratch', color: DEFECT_COLOR })]);
  }, 60_000);

  it('detect takes a directory as its PNG and JPEG files, and each file once however it is spelled', async () => {
    const washers = join(dir, 'washers');
    symlinkSync(join(washers, 'anomaly', 'washer-0.png'), join(dir, 'link-to-washer-0.png'));
    const args = ['anomaly', './anomaly/washer-1.png', 'normal/../anomaly/washer-1.png', join(washers, 'anomaly', 'washer-2.png'), '../link-to-washer-0.png', 'normal/washer-0.png', './normal/washer-0.png'];
    const run = await runBin(['detect', ...args, '--project', PROJECT, '--version', 'production', '--json', ...as(KEYS.inference)], {}, washers);
    expect(run.code, shown(run)).toBe(0);
    const report = JSON.parse(run.stdout) as { summary: Record<string, number>; results: { file: string }[] };
    expect(report.results.map((r) => r.file)).toEqual([...Array.from({ length: 10 }, (_, i) => `anomaly/washer-${i}.png`), 'normal/washer-0.png']);
    expect(report.summary).toEqual({ total: 11, anomalous: 10, normal: 1, failed: 0 });
  }, 60_000);

  it('detect checks the model first: a version or project that does not exist is one error, exit 1, and no file is sent', async () => {
    const image = join(dir, 'washers', 'normal', 'washer-0.png');
    const version = await runBin(['detect', image, image, '--project', PROJECT, '--version', '9', ...as(KEYS.inference)]);
    expect(version.code, shown(version)).toBe(1);
    expect(version.stdout).toBe('');
    expect(version.stderr).toMatch(/^lookout-gateway: NOT_FOUND: .*\n$/);
    const project = await runBin(['detect', image, '--project', 'nope', '--version', '1', ...as(KEYS.inference)]);
    expect(project.code, shown(project)).toBe(1);
    expect(project.stderr).toBe('lookout-gateway: NOT_FOUND: Project nope does not exist.\n');
  });

  it('says a project does not exist, rather than its version', async () => {
    for (const command of [['status'], ['status', '--version', '3'], ['stop', '--version', '1'], ['list']]) {
      const run = await runBin(['model', ...command, '--project', 'nope', ...admin]);
      expect(run.code, shown(run)).toBe(1);
      expect(run.stderr).toBe('lookout-gateway: NOT_FOUND: Project nope does not exist.\n');
    }
    // A version that does not exist is said in the same words whichever command asks.
    for (const command of [['status', '--version', '9'], ['stop', '--version', '9'], ['promote', '--version', '9', '--alias', 'nine']]) {
      const run = await runBin(['model', ...command, '--project', PROJECT, ...admin]);
      expect(run.code, shown(run)).toBe(1);
      expect(run.stderr).toBe(`lookout-gateway: NOT_FOUND: Model version 9 of project ${PROJECT} does not exist.\n`);
    }
    const imported = await runBin(['dataset', 'import', join(dir, 'washers'), '--project', 'nope', ...admin]);
    expect(imported.code, shown(imported)).toBe(1);
    expect(imported.stderr).toBe('lookout-gateway: NOT_FOUND: Project nope does not exist; add --create-project to create it.\n');
  });

  it('detect prints a table, lists the files that failed and exits 5 when some did', async () => {
    const broken = join(dir, 'broken.png');
    writeFileSync(broken, 'not an image');
    const washers = join(dir, 'washers');
    const run = await runBin(['detect', join(washers, 'anomaly', 'washer-3.png'), broken, join(washers, 'normal', 'washer-2.png'), '--project', PROJECT, '--version', '1', ...as(KEYS.inference)]);
    expect(run.code, shown(run)).toBe(5);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^file\s+anomalous\s+confidence\s+classes$/);
    expect(lines[2]).toMatch(/anomaly\/washer-3\.png\s+yes\s+\d\.\d{3}\s+scratch \d+\.\d{2}%$/);
    expect(lines[3]).toMatch(/broken\.png\s+FAILED\s+-\s+UNSUPPORTED_MEDIA_TYPE: The file is neither a PNG nor a JPEG image\.$/);
    expect(lines[4]).toMatch(/normal\/washer-2\.png\s+no\s+\d\.\d{3}\s+-$/);
    expect(lines.at(-1)).toBe(`3 images: 1 anomalous, 1 normal, 1 failed (${PROJECT} version 1)`);
    // By alias, the summary names the number that judged the images too.
    const byAlias = await runBin(['detect', join(washers, 'normal', 'washer-2.png'), '--project', PROJECT, '--version', 'production', ...as(KEYS.inference)]);
    expect(byAlias.code, shown(byAlias)).toBe(0);
    expect(byAlias.stdout.trimEnd().split('\n').at(-1)).toBe(`1 image: 0 anomalous, 1 normal, 0 failed (${PROJECT} version production, that is 1)`);
  }, 60_000);

  it.skipIf(!HAVE_SCRIPT)('detect draws a progress bar when stderr is a terminal', async () => {
    const washers = join(dir, 'washers');
    // util-linux script(1) gives the command a pseudo-terminal for stdout and stderr alike.
    const command = [process.execPath, BIN, 'detect', `${washers}/normal/*.png`, '--project', PROJECT, '--version', '1', ...as(KEYS.inference)].map((arg) => `'${arg}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise((r) => child.once('close', r));
    expect(code, output).toBe(0);
    expect(output).toMatch(/detect \[[\u2588\u2591]+\] \d+\/20/);
    expect(output).toContain(`20 images: 0 anomalous, 20 normal, 0 failed (${PROJECT} version 1)`);
  }, 60_000);

  it('detect stops sending at Ctrl-C, prints what it analysed, and exits 130', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    // Copies, not links: detect sends each file once however it is reached.
    for (let i = 0; i < 600; i++) copyFileSync(join(dir, 'washers', 'normal', `washer-${i % 20}.png`), join(many, `part-${i}.png`));
    const child = spawn(process.execPath, [BIN, 'detect', many, '--project', PROJECT, '--version', '1', '--concurrency', '1', '--json', ...as(KEYS.inference)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise((r) => child.once('close', r));
    // Once a few images have been judged (the gateway counts them), the run is under way: interrupt it.
    const judged = async () => {
      const metrics = await gw.metrics.render();
      return [...metrics.matchAll(/^lookout_gateway_detections_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const before = await judged();
    await waitFor(judged, (count) => count >= before + 3, 30_000);
    child.kill('SIGINT');
    expect(await closed, stderr).toBe(130);
    const report = JSON.parse(stdout);
    expect(report.summary.total).toBeGreaterThan(0);
    expect(report.summary.total).toBeLessThan(600);
    expect(report.results).toHaveLength(report.summary.total);
    expect(stderr).toContain(`interrupted: ${report.summary.total} of 600 images analysed (listed); the rest were not sent.`);
  }, 60_000);

  it('model stop --wait stops hosting and waits until TRAINED again', async () => {
    const run = await runBin(['model', 'stop', '--project', PROJECT, '--version', 'production', '--wait', ...admin]);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toMatch(/version 1: STOPPING_HOSTING -> TRAINED .*after \d+\.\d s/);
    expect(run.stdout).toMatch(/^cli-washers version 1: TRAINED/);
    // Detections on a stopped model would fail, each of them: detect says so once, sends nothing and exits 1.
    const detect = await runBin(['detect', join(dir, 'washers', 'normal', 'washer-3.png'), join(dir, 'washers', 'normal', 'washer-4.png'), '--project', PROJECT, '--version', '1', '--json', ...as(KEYS.inference)]);
    expect(detect.code, shown(detect)).toBe(1);
    expect(detect.stdout).toBe('');
    expect(detect.stderr).toMatch(/^lookout-gateway: MODEL_NOT_READY: cli-washers version 1 is TRAINED.*, not HOSTED; no image was sent\. Start it with: lookout-gateway model start --project cli-washers --version 1 --wait\n$/);
    // A stopped version holds no units: the list shows the last ones as such.
    const list = await runBin(['model', 'list', '--project', PROJECT, ...as(KEYS.viewer)]);
    expect(list.stdout.split('\n')[2]).toMatch(/^\s*1\s+TRAINED\s+production\s+.*\s+last 1-1\s+\d{4}-/);
  }, 60_000);

  it('waits by polling modelStatus when no WebSocket gets through (a proxy without upgrades)', async () => {
    const proxy = await plainHttpProxy(gw.url);
    try {
      const url = ['--url', `${proxy.url}/graphql`, '--api-key', KEYS.admin];
      const started = await runBin(['model', 'start', '--project', PROJECT, '--version', '1', '--wait', ...url]);
      expect(started.code, shown(started)).toBe(0);
      expect(started.stderr).toMatch(/\(no subscription socket: .*; polling modelStatus instead\)/);
      expect(started.stderr).toMatch(/version 1: STARTING_HOSTING -> HOSTED/);
      const stopped = await runBin(['model', 'stop', '--project', PROJECT, '--version', '1', '--wait', ...url]);
      expect(stopped.code, shown(stopped)).toBe(0);
      expect(stopped.stdout).toMatch(/version 1: TRAINED/);
    } finally {
      proxy.server.close();
    }
  }, 60_000);

  it('model promote starts a stopped version first, telling the transition, then moves the alias', async () => {
    const run = await runBin(['model', 'promote', '--project', PROJECT, '--version', '1', '--alias', 'staging', ...admin]);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toMatch(/starting cli-washers version 1 \(1 unit\(s\)\) before moving staging: STARTING_HOSTING/);
    expect(run.stderr).toMatch(/version 1: STARTING_HOSTING -> HOSTED/);
    expect(run.stdout).toBe(`${PROJECT} staging: -> 1 (new) (HOSTED)\n`);
    const moved = await runBin(['model', 'promote', '--project', PROJECT, '--version', 'staging', '--alias', 'canary', '--no-start-first', '--json', ...admin]);
    expect(moved.code, shown(moved)).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ alias: 'canary', version: '1', previousVersion: null, stoppedPrevious: false });
  }, 60_000);

  it('works with a gateway that runs only trusted documents, sending them by id and subscribing by hash', async () => {
    const authenticator = new Authenticator(ApiKeys.fromConfig(`ops:admin:${KEYS.admin}`, undefined), null);
    const locked = await startGateway(sdkClient(engine.url), { security: { authenticator, trustedDocuments: loadSecurityConfig({}).trustedDocuments, trustedDocumentsMode: 'only' } });
    try {
      const url = ['--url', `${locked.url}/graphql`, '--api-key', KEYS.admin];
      const listed = await runBin(['model', 'list', '--project', PROJECT, '--json', ...url]);
      expect(listed.code, shown(listed)).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ version: '1', status: 'HOSTED' })]);
      const stopped = await runBin(['model', 'stop', '--project', PROJECT, '--version', '1', '--wait', ...url]);
      expect(stopped.code, shown(stopped)).toBe(0);
      expect(stopped.stderr).not.toContain('polling');
      expect(stopped.stderr).toMatch(/version 1: STOPPING_HOSTING -> TRAINED/);
    } finally {
      await locked.close();
    }
  }, 60_000);

  it('a --wait follows the model again after the gateway goes away and comes back (a restart)', async () => {
    const proxy = await restartableProxy(gw.url);
    try {
      // As soon as the gateway has acknowledged the CLI's socket, it "goes away" for 1.5 s: its sockets cut, its port refusing.
      proxy.onSocketAcknowledged(() => void proxy.restart(1_500));
      const url = ['--url', `${proxy.url}/graphql`, '--api-key', KEYS.admin];
      const started = await runBin(['model', 'start', '--project', PROJECT, '--version', '1', '--wait', ...url]);
      expect(started.code, shown(started)).toBe(0);
      // Told once, however many tries the 1.5 s took.
      expect(started.stderr.match(/\(the status socket was lost: .*; following again in 1 s\)/g)).toHaveLength(1);
      expect(started.stderr).not.toContain('polling');
      expect(started.stderr).toMatch(/version 1: STARTING_HOSTING -> HOSTED/);
      expect(proxy.upgrades()).toBeGreaterThanOrEqual(2);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('gives up a --wait after --timeout with exit code 1, naming the status it was in', async () => {
    const run = await runBin(['model', 'create', '--project', PROJECT, '--wait', '--timeout', '1', ...admin]);
    expect(run.code, shown(run)).toBe(1);
    expect(run.stderr).toMatch(/^lookout-gateway: gave up after 1 s waiting for TRAINED; cli-washers version 2 is TRAINING\.$/m);
  }, 30_000);
});

/** A reverse proxy that passes plain HTTP requests on and refuses every WebSocket upgrade, as some corporate proxies do. */
async function plainHttpProxy(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/**
 * A TCP proxy to the gateway that can "restart" it: cut every connection,
 * refuse new ones for a while, then take them again on the same port.
 */
async function restartableProxy(target: string): Promise<{ url: string; onSocketAcknowledged(f: () => void): void; upgrades(): number; restart(downMs: number): Promise<void>; close(): Promise<void> }> {
  const targetPort = Number(new URL(target).port);
  const open = new Set<Socket>();
  let upgrades = 0;
  let onAcknowledged = () => {};
  const server = createNetServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) socket.on('error', drop).on('close', drop);
    client.once('data', (first: Buffer) => {
      if (!/^upgrade: websocket/im.test(first.toString('latin1'))) return;
      upgrades++;
      // The server's frames are not masked: its connection_ack is readable as it passes.
      const acknowledged = (chunk: Buffer) => {
        if (!chunk.toString('latin1').includes('"connection_ack"')) return;
        upstream.off('data', acknowledged);
        onAcknowledged();
      };
      upstream.on('data', acknowledged);
    });
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  const closed = () => new Promise<void>((r) => server.close(() => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    onSocketAcknowledged: (f) => {
      // Once: the first socket only.
      onAcknowledged = () => {
        onAcknowledged = () => {};
        f();
      };
    },
    upgrades: () => upgrades,
    restart: async (downMs) => {
      const stopped = closed();
      for (const socket of open) socket.destroy();
      await stopped;
      await new Promise((r) => setTimeout(r, downMs));
      await listen(port);
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      if (server.listening) await closed();
    },
  };
}
