import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { glob } from 'tinyglobby';
import { CliError, ExitCode } from './exit-codes';

/**
 * The files named on the command line: each argument is a file, or a glob
 * (`images/**\/*.png`, for shells that do not expand them or lists too long
 * for them). Answers each file once, globs' matches in name order, in the
 * order the arguments came; a glob matching nothing is a usage error.
 */
export async function expandFiles(patterns: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (existsSync(pattern) && statSync(pattern).isFile()) {
      files.add(pattern);
      continue;
    }
    // Matches as the pattern was written: absolute for an absolute pattern, else relative to the working directory.
    const matched = (await glob(pattern, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(pattern) })).sort();
    if (matched.length === 0) throw new CliError(`"${pattern}" is no file and matches none.`, ExitCode.USAGE);
    matched.forEach((file) => files.add(file));
  }
  return [...files];
}
