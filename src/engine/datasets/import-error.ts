/**
 * An import refused for what it was given: a bad manifest line, an image that
 * breaks Lookout's rules, an object that cannot or may not be read. The
 * message becomes the dataset's StatusMessage as it is, so it names the
 * manifest line and the rule or limit; anything else that ends an import is
 * the engine's own failure, logged.
 */
export class ImportError extends Error {}

/** The message of a failed step, prefixed with the manifest line (and its source-ref) it is about. */
export function atLine(line: number, sourceRef: string, what: string, error: Error): ImportError {
  return new ImportError(`Manifest line ${line} (${sourceRef}): ${what}${error.message}`);
}
