import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_BUILD, NO_STACK, runBin, shown } from './run-cli';

// The built binary's command line without a gateway: help, usage mistakes, gateways it cannot reach.
let notAGateway: Server;
let notAGatewayUrl: string;
let closedPortUrl: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lookout-cli-usage-'));
  notAGateway = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'));
  await new Promise<void>((r) => notAGateway.listen(0, '127.0.0.1', r));
  notAGatewayUrl = `http://127.0.0.1:${(notAGateway.address() as { port: number }).port}/graphql`;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  closedPortUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}/graphql`;
  await new Promise((r) => closed.close(r));
});
afterAll(() => {
  notAGateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_BUILD)('lookout-gateway without a gateway', () => {
  it('lists every command in its help, with the exit codes', async () => {
    const run = await runBin(['--help']);
    expect(run.code, shown(run)).toBe(0);
    for (const command of ['serve', 'engine', 'import-dataset', 'demo-images', 'dataset', 'model', 'detect']) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(run.stdout).toMatch(/Exit codes: 0 ok, 1 .*2 usage error, 3 gateway unreachable/);
  });

  it.each([
    [['serve', '--help'], /Usage: lookout-gateway serve/],
    [['engine', '--help'], /lookout-gateway engine \[--port 4100\]/],
    [['import-dataset', '--help'], /lookout-gateway dataset import/],
    [['demo-images', '--help'], /lookout-gateway demo-images --out DIR/],
    [['dataset', '--help'], /Usage: lookout-gateway dataset .*\n[\s\S]*import/],
    [['dataset', 'import', '--help'], /Usage: lookout-gateway dataset import \[options\] <dir>[\s\S]*--create-project[\s\S]*--batch-size/],
    [['model', '--help'], /create[\s\S]*start[\s\S]*stop[\s\S]*status[\s\S]*list[\s\S]*promote/],
    [['model', 'create', '--help'], /Usage: lookout-gateway model create[\s\S]*--wait[\s\S]*--api-key/],
    [['model', 'start', '--help'], /Usage: lookout-gateway model start[\s\S]*--units[\s\S]*--wait/],
    [['model', 'stop', '--help'], /Usage: lookout-gateway model stop[\s\S]*--wait/],
    [['model', 'status', '--help'], /Usage: lookout-gateway model status[\s\S]*--json/],
    [['model', 'list', '--help'], /Usage: lookout-gateway model list[\s\S]*--url/],
    [['model', 'promote', '--help'], /Usage: lookout-gateway model promote[\s\S]*--alias[\s\S]*--no-start-first/],
    [['detect', '--help'], /Usage: lookout-gateway detect \[options\] <files\.\.\.>[\s\S]*--concurrency[\s\S]*--json/],
    [['help'], /Usage: lookout-gateway \[options\] \[command\]/],
    [['help', 'detect'], /Usage: lookout-gateway detect \[options\] <files\.\.\.>/],
  ])('%j prints its help and exits 0', async (args, pattern) => {
    const run = await runBin(args);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stdout).toMatch(pattern);
  });

  it.each([
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['model', 'list', '--project', 'p', '--colour'], /unknown option '--colour'/],
    ['a missing required option', ['model', 'start', '--version', '1'], /required option '--project <name>' not specified/],
    ['a model command without a subcommand', ['model'], /Usage: lookout-gateway model/],
    ['a concurrency out of range', ['detect', 'x.png', '--project', 'p', '--version', '1', '--concurrency', '0'], /--concurrency.*must be a whole number from 1 to 64/],
    ['a dataset type that is neither train nor test', ['dataset', 'import', '.', '--project', 'p', '--type', 'validation'], /must be train or test/],
    ['a glob that matches nothing', ['detect', 'no-such-dir/*.png', '--project', 'p', '--version', '1'], /"no-such-dir\/\*\.png" is no file and matches none/],
    ['a URL that is no URL', ['model', 'list', '--project', 'p', '--url', 'not a url'], /--url must be an http\(s\) URL/],
    ['a URL with a path other than /graphql', ['model', 'list', '--project', 'p', '--url', 'http://127.0.0.1:4900/console/'], /--url http:\/\/127\.0\.0\.1:4900\/console\/ is not a gateway's GraphQL URL: .*e\.g\. http:\/\/127\.0\.0\.1:4900\/graphql\./],
    ['an alias that is no alias name (before starting the version)', ['model', 'promote', '--project', 'demo', '--version', '1', '--alias', 'Production'], /'--alias <alias>' argument 'Production' is invalid\. must be 1-63 lower-case letters/],
    ['an alias "latest"', ['model', 'promote', '--project', 'demo', '--version', '1', '--alias', 'latest', '--no-start-first'], /argument 'latest' is invalid/],
    ['a version with a leading zero', ['model', 'start', '--project', 'demo', '--version', '01'], /'--version <version>' argument '01' is invalid\. must be a version number \(a positive integer without leading zeros\), "latest", or an alias name/],
    ['an empty version', ['model', 'status', '--project', 'demo', '--version', ''], /'--version <version>' argument '' is invalid/],
    ['a version that is no alias name either', ['detect', 'x.png', '--project', 'demo', '--version', 'Prod_1'], /argument 'Prod_1' is invalid/],
    ['a version 0', ['model', 'stop', '--project', 'demo', '--version', '0'], /argument '0' is invalid/],
    ['--max-units smaller than --units', ['model', 'start', '--project', 'demo', '--version', '1', '--units', '2', '--max-units', '1'], /--max-units \(1\) must not be smaller than --units \(2\)/],
    ['a promote whose --max-units is smaller than its --units (before starting the version)', ['model', 'promote', '--project', 'demo', '--version', '1', '--alias', 'prod', '--units', '3', '--max-units', '2'], /--max-units \(2\) must not be smaller than --units \(3\)/],
    ['a promote with --max-units but no --units', ['model', 'promote', '--project', 'demo', '--version', '1', '--alias', 'prod', '--max-units', '2'], /--max-units needs --units/],
    ['a project name Lookout does not allow', ['dataset', 'import', '.', '--project', 'bad name!'], /'--project <name>' argument 'bad name!' is invalid\. must be 1-255 letters, digits/],
    ['demo-images without --out', ['demo-images'], /--out is required/],
    ['demo-images into a file', ['demo-images', '--out', '/etc/passwd'], /^lookout-gateway: cannot use \/etc\/passwd\/normal: a part of it is a file, not a folder \(ENOTDIR\)/m],
    ['an engine whose --data is a file', ['engine', '--port', '0', '--data', '/etc/passwd'], /^lookout-gateway: cannot use \/etc\/passwd: a file is there where a folder is needed \(EEXIST\)/m],
    ['a gateway whose --data is a file', ['serve', '--port', '0', '--data', '/etc/passwd', '--no-demo'], /^lookout-gateway: cannot use \/etc\/passwd: a file is there where a folder is needed \(EEXIST\)/m],
    // The server commands parse their own flags (node:util): their mistakes are one line too, naming the flag given.
    ['an unknown option of serve', ['serve', '--bogus'], /^lookout-gateway: unknown option --bogus; --help lists the options\.\n$/],
    ['a flag of serve without its value', ['serve', '--port'], /^lookout-gateway: --port needs a value; to give one that starts with a dash, write --port=-1\.\n$/],
    ['a negative count to demo-images', ['demo-images', '--out', 'x', '--normal', '-3'], /^lookout-gateway: --normal needs a value; to give one that starts with a dash, write --normal=-1\.\n$/],
    ['a port that is no number', ['serve', '--port', 'abc'], /^lookout-gateway: --port must be an integer from 0 to 65535, not "abc"\.\n$/],
  ])('exits 2 on %s, saying what is wrong without a stack', async (_what, args, message) => {
    // A closed port: a usage error must be found before any call (which would exit 3).
    const run = await runBin(args, { LOOKOUT_GATEWAY_URL: closedPortUrl });
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(NO_STACK);
  });

  it.each([
    ['a bare origin', (url: string) => new URL(url).origin],
    ['an origin with a trailing slash', (url: string) => `${new URL(url).origin}/`],
    ['a /graphql endpoint with a trailing slash', (url: string) => `${url}/`],
    ['a /graphql endpoint under a prefix (behind a proxy)', (url: string) => `${new URL(url).origin}/lookout/graphql`],
  ])('takes %s as the gateway URL', async (_what, spell) => {
    const run = await runBin(['model', 'list', '--project', 'p', '--url', spell(closedPortUrl)]);
    expect(run.code, shown(run)).toBe(3);
    expect(run.stderr).toMatch(/could not reach the gateway at http:\/\/127\.0\.0\.1:\d+(\/lookout)?\/graphql: ECONNREFUSED/);
  });

  it('exits 2 on a directory with no PNG or JPEG files, and does not search its subdirectories', async () => {
    mkdirSync(join(dir, 'no-images', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'no-images', 'notes.txt'), 'text');
    writeFileSync(join(dir, 'no-images', 'deeper', 'a.png'), 'bytes');
    const run = await runBin(['detect', join(dir, 'no-images'), '--project', 'p', '--version', '1', '--url', closedPortUrl]);
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toContain(`the directory "${join(dir, 'no-images')}" has no PNG or JPEG files`);
  });

  it('exits 2 on a dataset folder without images', async () => {
    mkdirSync(join(dir, 'empty', 'normal'), { recursive: true });
    const run = await runBin(['dataset', 'import', join(dir, 'empty'), '--project', 'p', '--url', closedPortUrl]);
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toMatch(/has no images under normal\/ or anomaly\//);
  });

  it('dataset import refuses two classes of one colour before any call (so before creating the project)', async () => {
    const folder = join(dir, 'washers');
    const made = await runBin(['demo-images', '--out', folder, '--normal', '1', '--anomaly', '2']);
    expect(made.code, shown(made)).toBe(0);
    const run = await runBin(['dataset', 'import', folder, '--project', 'p', '--create-project', '--class', 'scratch=#E31A1C', '--class', 'other=#e31a1c', '--url', closedPortUrl]);
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toMatch(/^lookout-gateway: --class scratch and other have the same colour #E31A1C: each class needs its own\.$/m);
    expect(run.stderr).not.toContain('created project');
  });

  it('import-dataset exits 3 when the engine cannot be reached, before copying anything into the data directory', async () => {
    const folder = join(dir, 'import-folder');
    mkdirSync(join(folder, 'normal'), { recursive: true });
    writeFileSync(join(folder, 'normal', 'part.png'), 'bytes');
    const data = join(dir, 'import-data');
    mkdirSync(data);
    writeFileSync(join(data, 'lookout.db'), '');
    const run = await runBin(['import-dataset', '--project', 'p', '--folder', folder, '--data', data, '--endpoint', new URL(closedPortUrl).origin]);
    expect(run.code, shown(run)).toBe(3);
    expect(run.stderr).toMatch(/^lookout-gateway: could not reach the engine at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); is it running\?/m);
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.stdout).not.toContain('Wrote a manifest');
    expect(existsSync(join(data, 's3'))).toBe(false);
  });

  it('import-dataset exits 2, before asking the engine, for a missing folder, one without images, or a --data that is not an engine\'s', async () => {
    const endpoint = new URL(closedPortUrl).origin;
    const missing = await runBin(['import-dataset', '--project', 'p', '--folder', join(dir, 'nosuch'), '--data', dir, '--endpoint', endpoint]);
    expect(missing.code, shown(missing)).toBe(2);
    expect(missing.stderr).toContain('nosuch is not a directory.');
    const folder = join(dir, 'import-folder-2');
    mkdirSync(join(folder, 'normal'), { recursive: true });
    const empty = await runBin(['import-dataset', '--project', 'p', '--folder', folder, '--data', dir, '--endpoint', endpoint]);
    expect(empty.code, shown(empty)).toBe(2);
    expect(empty.stderr).toContain('has no images under normal/ or anomaly/');
    writeFileSync(join(folder, 'normal', 'part.png'), 'bytes');
    const notData = await runBin(['import-dataset', '--project', 'p', '--folder', folder, '--data', join(dir, 'elsewhere'), '--endpoint', endpoint]);
    expect(notData.code, shown(notData)).toBe(2);
    expect(notData.stderr).toContain("elsewhere is not an engine's data directory (it has no lookout.db)");
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('exits 3 when nothing listens at the URL, naming the URL and the network error', async () => {
    const run = await runBin(['model', 'list', '--project', 'p'], { LOOKOUT_GATEWAY_URL: closedPortUrl });
    expect(run.code, shown(run)).toBe(3);
    expect(run.stderr).toContain(`could not reach the gateway at ${closedPortUrl}: ECONNREFUSED`);
    expect(run.stderr).not.toMatch(NO_STACK);
  });

  it('exits 3 from detect at the first file the gateway cannot be reached for', async () => {
    const image = join(dir, 'image.png');
    writeFileSync(image, 'bytes');
    const run = await runBin(['detect', image, image, '--project', 'p', '--version', '1', '--url', closedPortUrl]);
    expect(run.code, shown(run)).toBe(3);
    expect(run.stderr).toContain('could not reach the gateway');
    expect(run.stdout).toBe('');
  });

  it('exits 3 when the gateway takes a request and never answers, after --request-timeout (or LOOKOUT_REQUEST_TIMEOUT)', async () => {
    // A gateway that hangs: the connection is accepted, the request read, no answer sent.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/graphql`;
    try {
      const began = Date.now();
      const run = await runBin(['model', 'start', '--project', 'p', '--version', '1', '--wait', '--url', url, '--request-timeout', '1']);
      expect(run.code, shown(run)).toBe(3);
      expect(run.stderr).toBe(`lookout-gateway: the gateway at ${url} did not answer within 1 s (--request-timeout).\n`);
      expect(Date.now() - began).toBeLessThan(20_000);
      const fromEnv = await runBin(['model', 'status', '--project', 'p', '--url', url], { LOOKOUT_REQUEST_TIMEOUT: '1' });
      expect(fromEnv.code, shown(fromEnv)).toBe(3);
      const wrong = await runBin(['model', 'status', '--project', 'p', '--url', url], { LOOKOUT_REQUEST_TIMEOUT: 'soon' });
      expect(wrong.code, shown(wrong)).toBe(2);
      expect(wrong.stderr).toContain('LOOKOUT_REQUEST_TIMEOUT must be a whole number');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('exits 3 when what answers at the URL is not a GraphQL gateway', async () => {
    const run = await runBin(['model', 'status', '--project', 'p', '--url', notAGatewayUrl]);
    expect(run.code, shown(run)).toBe(3);
    expect(run.stderr).toContain('did not answer as a GraphQL gateway (HTTP 404)');
    // A gateway reached under a prefix it does not serve answers a JSON 404 with an error: still no GraphQL endpoint.
    const gatewayElsewhere = createServer((req, res) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: `Nothing is served at ${req.method} ${req.url}.`, extensions: { code: 'NOT_FOUND' } }] })),
    );
    await new Promise<void>((r) => gatewayElsewhere.listen(0, '127.0.0.1', r));
    try {
      const prefixed = `http://127.0.0.1:${(gatewayElsewhere.address() as { port: number }).port}/lookout/graphql`;
      const wrongPrefix = await runBin(['model', 'status', '--project', 'p', '--url', prefixed]);
      expect(wrongPrefix.code, shown(wrongPrefix)).toBe(3);
      expect(wrongPrefix.stderr).toBe(`lookout-gateway: ${prefixed} did not answer as a GraphQL gateway (HTTP 404); check --url.\n`);
    } finally {
      gatewayElsewhere.close();
    }
  });
});
