/** Called with each model status Lookout sends that `ModelStatus` has no value for (undefined: none sent). */
export type UnknownModelStatusListener = (status: string | undefined) => void;

/**
 * Logs an unknown model status once per distinct value for the life of the
 * gateway: a status Lookout added should be noticed by whoever runs the
 * gateway, without a log line for every model in every query.
 */
export function logUnknownModelStatusOnce(log: (message: string, detail: unknown) => void): UnknownModelStatusListener {
  const seen = new Set<string | undefined>();
  return (status) => {
    if (seen.has(status)) return;
    seen.add(status);
    log('Lookout reported a model status this gateway does not know; clients see UNKNOWN', { status });
  };
}
