import { connect, createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_BUILD, runCli } from './support/child-engine';
import { startChildGateway } from './support/child-gateway';
import { tempDataDir } from './support/engine-harness';

// The gateway as operators run it: the built CLI in its own process.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.skipIf(!HAVE_BUILD)('the gateway process', () => {
  it('refuses to serve beyond loopback without keys or a JWT, saying how to configure them (exit code 2)', async () => {
    const { code, output } = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--no-demo', '--data', tempDataDir()]);
    expect(code).toBe(2);
    expect(output).toMatch(/API_KEYS/);
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack
  });

  it('says which address is taken, without a stack, when its port is in use (exit code 1)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, output } = await runCli(['serve', '--port', String(port), '--no-demo', '--data', tempDataDir()]);
      expect(code).toBe(1);
      expect(output).toContain(`127.0.0.1:${port} is already in use`);
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('on SIGTERM stops accepting, finishes the request in flight, then exits 0', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const gateway = await startChildGateway(dataDir, { API_KEYS: 'ops:admin:admin-key-0123456789abcdef', SHUTDOWN_GRACE_MS: '10000' });
    const url = new URL(gateway.url);
    // A JSON request whose body arrives slowly: in flight when SIGTERM comes.
    const body = JSON.stringify({ query: '{ projects { name } }' });
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (answer += c));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Api-Key: admin-key-0123456789abcdef\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    await new Promise((r) => setTimeout(r, 200));
    gateway.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // New connections are refused while the one in flight may finish.
    await expect(fetch(`${gateway.url}/healthz`)).rejects.toThrow();
    // (write, not end: a half-closed client connection makes Node drop the answer)
    socket.write(body.slice(5));
    await closed;
    expect(answer, gateway.output()).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"projects":[]');
    expect(await gateway.exited, gateway.output()).toBe(0);
  });
});
