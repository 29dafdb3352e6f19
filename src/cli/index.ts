import 'reflect-metadata';
import { CommanderError } from 'commander';
import { ConfigError } from '../util/config-values';
import { clientCommandRan } from './client-action';
import { CliError, ExitCode } from './exit-codes';
import { buildProgram } from './program';

const NOT_A_COMMAND = new Set(['-h', '--help', '-V', '--version']);

/** Errors of a file system call that mean the path given is unusable, in words. */
const PATH_PROBLEMS: Record<string, string> = {
  EEXIST: 'a file is there where a folder is needed',
  ENOTDIR: 'a part of it is a file, not a folder',
  EISDIR: 'it is a folder where a file is needed',
  ENOENT: 'it does not exist',
  EACCES: 'this user may not use it',
  EPERM: 'this user may not use it',
  EROFS: 'it is on a read-only file system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'it has a loop of symbolic links',
};

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
    // `help [command]` is commander.help with exit code 0; a command group run without its subcommand is the same code with 1.
    const asked = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0);
    process.exit(asked ? ExitCode.OK : ExitCode.USAGE);
  }
  if (error instanceof CliError) {
    console.error(`lookout-gateway: ${error.message}`);
    process.exit(error.exitCode);
  }
  // Any usage mistake (a ConfigError, or one of parseArgs' ERR_PARSE_ARGS_*) is a message and exit code 2, never a stack.
  if (error instanceof ConfigError || String((error as { code?: string })?.code).startsWith('ERR_PARSE_ARGS_')) {
    console.error(`lookout-gateway: ${usageMessage(error as Error & { code?: string })}`);
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
  // A path the operator gave that cannot be used (--data a file, a folder not writable): the path and why, without a stack.
  const path = (error as NodeJS.ErrnoException)?.path;
  if (code && path && PATH_PROBLEMS[code]) {
    console.error(`lookout-gateway: cannot use ${path}: ${PATH_PROBLEMS[code]} (${code}); check --data / --out and the like.`);
    process.exit(ExitCode.USAGE);
  }
  console.error('lookout-gateway failed:', error);
  process.exit(ExitCode.FAILED);
});

/**
 * node:util parseArgs' mistakes (serve, engine, import-dataset, demo-images)
 * in one line, as commander's are: its own text runs over three lines, and
 * its advice for an unknown option leaves a quote open.
 */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(--?[\w-]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}; --help lists the options.`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /ambiguous|argument missing/.test(error.message)) {
    return `${option} needs a value; to give one that starts with a dash, write ${option}=-1.`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${error.message.split('\n')[0]} (--help lists the options).`;
  return error.message.split('\n')[0];
}
