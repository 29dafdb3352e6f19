import 'reflect-metadata';
import { CommanderError } from 'commander';
import { ConfigError } from '../util/config-values';
import { clientCommandRan } from './client-action';
import { CliError, ExitCode } from './exit-codes';
import { buildProgram } from './program';

const NOT_A_COMMAND = new Set(['-h', '--help', '-V', '--version']);

async function main(argv: string[]): Promise<void> {
  // No command, or flags first: `serve`, as before the CLI had other commands (`lookout-gateway --port 8080`).
  const args = argv.length === 0 || (argv[0].startsWith('-') && !NOT_A_COMMAND.has(argv[0])) ? ['serve', ...argv] : argv;
  await buildProgram().parseAsync(args, { from: 'user' });
  // A client command is done: leave now rather than when idle keep-alive sockets time out.
  if (clientCommandRan()) process.exit(process.exitCode ?? ExitCode.OK);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has printed the help or the mistake already.
    process.exit(error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.OK : ExitCode.USAGE);
  }
  if (error instanceof CliError) {
    console.error(`lookout-gateway: ${error.message}`);
    process.exit(error.exitCode);
  }
  // Any usage mistake (a ConfigError, or one of parseArgs' ERR_PARSE_ARGS_*) is a message and exit code 2, never a stack.
  if (error instanceof ConfigError || String((error as { code?: string })?.code).startsWith('ERR_PARSE_ARGS_')) {
    console.error(`lookout-gateway: ${(error as Error).message}`);
    process.exit(ExitCode.USAGE);
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  // Listening failures are the operator's to fix, not bugs: say which address, without a stack.
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    const { address, port } = error as { address?: string; port?: number };
    const reason = code === 'EADDRINUSE' ? 'is already in use (another gateway or engine?)' : code === 'EACCES' ? 'may not be used by this user' : 'is not an address of this machine';
    console.error(`lookout-gateway: ${address ?? ''}:${port ?? ''} ${reason}; choose another with --port / --host (PORT / HOST).`);
    process.exit(ExitCode.FAILED);
  }
  console.error('lookout-gateway failed:', error);
  process.exit(ExitCode.FAILED);
});
