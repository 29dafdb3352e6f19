import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** Debian puts each major version's server binaries in /usr/lib/postgresql/<version>/bin; the newest wins. */
function findServerBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  const bin = versions.map((version) => join(root, version, 'bin')).find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  return bin ?? null;
}

/** PostgreSQL refuses to run as root; as root, the server runs as the `postgres` user Debian's package creates. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()));
    return { uid, gid };
  } catch {
    return null;
  }
}

const BIN = findServerBinaries();
const RUN_AS = serverUser();
const ROOT_WITHOUT_USER = process.getuid?.() === 0 && RUN_AS === null;

export const HAVE_POSTGRES = BIN !== null && !ROOT_WITHOUT_USER;
export const POSTGRES_MISSING = ROOT_WITHOUT_USER
  ? 'running as root and there is no `postgres` user to run PostgreSQL as: these tests need Debian\'s postgresql package (`apt-get install postgresql`; .ci/run installs it)'
  : 'PostgreSQL not found (/usr/lib/postgresql/*/bin/initdb and pg_ctl): these tests need Debian\'s postgresql package (`apt-get install postgresql`; .ci/run installs it)';

const SUPERUSER = 'gateway_test';
const START_TIMEOUT_SECONDS = 30;

export interface TestPostgres {
  /** A database made for the caller, reachable with trust auth on loopback. */
  url: string;
  /** Another empty database on the same server. */
  createDatabase(): Promise<string>;
  /** Stops the server and keeps its data directory (a "restart" is stopServer then startServer). */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Suspends every process of the server: connections stay open and nothing answers, as with a hung host. */
  freeze(): void;
  thaw(): void;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server for tests, on a free loopback port, in a
 * temporary directory; null when the binaries are absent. It is stopped by
 * `stop()`, by an exit handler, and failing both (the test worker killed)
 * by a watchdog process that outlives this one by a second at most.
 */
export async function startPostgres(): Promise<TestPostgres | null> {
  if (!HAVE_POSTGRES || BIN === null) return null;
  const dir = mkdtempSync(join(tmpdir(), 'lookout-pg-'));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  const logFile = join(dir, 'server.log');
  mkdirSync(socketDir);
  if (RUN_AS) for (const path of [dir, socketDir]) chownSync(path, RUN_AS.uid, RUN_AS.gid);

  const command = (program: string, args: string[]): [string, string[]] =>
    RUN_AS ? ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]] : [join(BIN, program), args];
  const pgCtl = (args: string[], timeoutMs: number) => run(...command('pg_ctl', ['-D', dataDir, ...args]), { cwd: dir, timeout: timeoutMs });
  const stopNowSync = () => {
    try {
      execFileSync(...command('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate', '-w']), { cwd: dir, stdio: 'ignore', timeout: 10_000 });
    } catch {
      // Not running (any more).
    }
    rmSync(dir, { recursive: true, force: true });
  };

  await run(...command('initdb', ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']), { cwd: dir, timeout: 60_000 });
  const port = await freePort();
  const startServer = async () => {
    // fsync off: the data is thrown away; a clean stop still writes everything.
    const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    try {
      await pgCtl(['-l', logFile, '-w', '-t', String(START_TIMEOUT_SECONDS), '-o', options, 'start'], (START_TIMEOUT_SECONDS + 5) * 1000);
    } catch (error) {
      throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
    }
  };

  process.once('exit', stopNowSync);
  const watchdog = startWatchdog(command('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate']), dir);
  const forget = () => {
    process.removeListener('exit', stopNowSync);
    watchdog.kill();
  };
  try {
    await startServer();
  } catch (error) {
    forget();
    stopNowSync();
    throw error;
  }

  let databases = 0;
  const createDatabase = async () => {
    const name = `gateway_state_${++databases}`;
    const admin = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
  };

  const signalServer = (signal: NodeJS.Signals) => {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const processes = [postmaster, ...childrenOf(postmaster)];
    // The postmaster first on STOP, so it starts no new backend meanwhile; last on CONT.
    for (const pid of signal === 'SIGSTOP' ? processes : processes.reverse()) process.kill(pid, signal);
  };

  return {
    url: await createDatabase(),
    createDatabase,
    stopServer: async () => void (await pgCtl(['stop', '-m', 'fast', '-w', '-t', '30'], 35_000)),
    startServer,
    freeze: () => signalServer('SIGSTOP'),
    thaw: () => signalServer('SIGCONT'),
    stop: async () => {
      forget();
      try {
        await pgCtl(['stop', '-m', 'fast', '-w', '-t', '30'], 35_000);
      } catch {
        // Already stopped by a test; the immediate stop below is then a no-op.
      }
      stopNowSync();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent pid is the second field after the command, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) children.push(Number(name));
    } catch {
      // Exited meanwhile.
    }
  }
  return children;
}

/** A detached shell that stops the server and removes its directory once this process is gone, however it went. */
function startWatchdog([program, args]: [string, string[]], dir: string) {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${[program, ...args].map(quote).join(' ')} >/dev/null 2>&1; rm -rf ${quote(dir)}`;
  const child = spawn('sh', ['-c', script], { cwd: dir, detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}
