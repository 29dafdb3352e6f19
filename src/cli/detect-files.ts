import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { glob } from 'tinyglobby';
import { CliError, ExitCode } from './exit-codes';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/**
 * The files named on the command line: each argument is a file, a directory
 * (its PNG and JPEG files, by extension, in name order; not its
 * subdirectories: a glob such as `dir/**\/*.png` goes deeper), or a glob
 * (`images/**\/*.png`, for shells that do not expand them or lists too long
 * for them). Answers each file once, however many arguments name it and
 * however they spell its path (`x.jpg`, `./x.jpg`, a symbolic link: the same
 * real path), as the first of them named it; globs' matches in name order,
 * in the order the arguments came. A directory without images or a glob
 * matching nothing is a usage error.
 */
export async function expandFiles(patterns: readonly string[]): Promise<string[]> {
  const files = new Map<string, string>();
  const add = (file: string) => {
    const real = realPath(file);
    if (!files.has(real)) files.set(real, file);
  };
  for (const pattern of patterns) {
    const stat = existsSync(pattern) ? statSync(pattern) : undefined;
    if (stat?.isFile()) {
      add(pattern);
      continue;
    }
    if (stat?.isDirectory()) {
      const images = readdirSync(pattern, { withFileTypes: true })
        .filter((entry) => IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()) && isFile(join(pattern, entry.name)))
        .map((entry) => entry.name)
        .sort();
      if (images.length === 0) throw new CliError(`the directory "${pattern}" has no PNG or JPEG files (.png, .jpg, .jpeg; subdirectories are not searched: use a glob such as "${join(pattern, '**', '*.png')}").`, ExitCode.USAGE);
      images.forEach((name) => add(join(pattern, name)));
      continue;
    }
    // Matches as the pattern was written: absolute for an absolute pattern, else relative to the working directory.
    const matched = (await glob(pattern, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(pattern) })).sort();
    if (matched.length === 0) throw new CliError(`"${pattern}" is no file and matches none.`, ExitCode.USAGE);
    matched.forEach(add);
  }
  return [...files.values()];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
