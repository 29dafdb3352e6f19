import type { NotificationChannel } from './state-store';

export type StateLog = (message: string, error?: unknown) => void;

/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. SQLite's
 * in-process delivery has no such limit, but enforcing it there too means a
 * payload that grew too large fails on a developer's machine, not first in a
 * replicated deployment.
 */
export const MAX_NOTIFICATION_BYTES = 7999;

export function assertNotificationFits(channel: NotificationChannel, payload: string): void {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_NOTIFICATION_BYTES) {
    throw new RangeError(`A ${channel} notification of ${bytes} bytes is over the ${MAX_NOTIFICATION_BYTES}-byte limit; send a key and let listeners read the rest from the store.`);
  }
}

/**
 * The listeners of each channel on this process. A listener that throws is
 * logged and the others still hear the payload: one faulty subscriber must
 * not silence the rest, nor break the connection that delivered it.
 */
export class NotificationHub {
  private readonly listeners = new Map<NotificationChannel, Set<(payload: string) => void>>();

  constructor(private readonly log: StateLog) {}

  /**
   * Adds a listener; the returned function removes it and says whether it
   * was the channel's last (the channel may then be unsubscribed). Each call
   * is a subscription of its own, even for a listener already added.
   */
  add(channel: NotificationChannel, listener: (payload: string) => void): () => boolean {
    const subscription = (payload: string) => listener(payload);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(subscription);
    return () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(subscription) || current.size > 0) return false;
      this.listeners.delete(channel);
      return true;
    };
  }

  channels(): NotificationChannel[] {
    return [...this.listeners.keys()];
  }

  deliver(channel: string, payload: string): void {
    // A copy: a listener may unsubscribe itself (or another) while hearing this.
    for (const listener of [...(this.listeners.get(channel as NotificationChannel) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        this.log(`a ${channel} notification listener failed`, error);
      }
    }
  }
}
