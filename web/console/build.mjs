/* global process, console, URL */
// Builds the web console and GraphiQL (web/console) into dist/console for
// `npm run build`: type-checks web/console, then `vite build`. Skipped when
// nothing it is built from changed since the last build (its sources, the
// typed client and its generated documents in src/client, package-lock.json), so `npm start` and
// `npm test`, which build first, do not pay for it again. FORCE_CONSOLE_BUILD=1 builds anyway.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'dist', 'console');
const stamp = join(out, '.built-from');
const inputs = [join(root, 'web', 'console'), join(root, 'src', 'client'), join(root, 'package-lock.json')];

function files(path) {
  return statSync(path).isDirectory() ? readdirSync(path).sort().flatMap((name) => files(join(path, name))) : [path];
}

const hash = createHash('sha256');
for (const file of inputs.flatMap(files)) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
const digest = hash.digest('hex');

if (process.env.FORCE_CONSOLE_BUILD !== '1' && existsSync(join(out, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) process.exit(0);

const started = Date.now();
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'web', 'console', 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const { build } = await import('vite');
await build({ configFile: join(root, 'web', 'console', 'vite.config.mts') });
writeFileSync(stamp, digest);
console.log(`Built the console into ${relative(root, out)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
