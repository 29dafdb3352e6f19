/**
 * Settles as `work` does, or rejects with `timeout()` after `ms`. A file read
 * stuck in the kernel (a hung network mount) cannot be cancelled, only
 * abandoned: the caller goes on and the read finishes, or not, on its own.
 * Node has AbortSignal.timeout, but fs operations do not stop for a signal
 * once they are running, so the race is written out here.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
