import { assertNotificationFits } from '../../src/state/notification-hub';
import type { NotificationChannel, StateStore } from '../../src/state/state-store';

type Delivery = { channel: NotificationChannel; listener: (payload: string) => void };

/**
 * What several replicas share through their database's LISTEN/NOTIFY: every
 * store made over one bus hears what any of them notifies, its own included.
 */
export class MemoryNotificationBus {
  readonly deliveries = new Set<Delivery>();
  /** Every notification sent, in order, for assertions. */
  readonly sent: { channel: NotificationChannel; payload: string }[] = [];
}

/**
 * A StateStore of notifications only, in memory, for tests of the
 * cross-replica path until they run on the real stores: the rest of the
 * interface throws. Delivery is asynchronous, as PostgreSQL's is, and holds
 * payloads to PostgreSQL's size limit.
 */
export class MemoryStateStore implements StateStore {
  readonly kind = 'postgres' as const;
  private readonly own = new Set<Delivery>();
  private closed = false;

  constructor(readonly bus = new MemoryNotificationBus()) {}

  async notify(channel: NotificationChannel, payload: string): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    assertNotificationFits(channel, payload);
    this.bus.sent.push({ channel, payload });
    for (const delivery of this.bus.deliveries) {
      if (delivery.channel === channel) setImmediate(() => this.bus.deliveries.has(delivery) && delivery.listener(payload));
    }
  }

  async listen(channel: NotificationChannel, listener: (payload: string) => void): Promise<() => Promise<void>> {
    const delivery = { channel, listener };
    this.bus.deliveries.add(delivery);
    this.own.add(delivery);
    return async () => {
      this.bus.deliveries.delete(delivery);
      this.own.delete(delivery);
    };
  }

  /** Listeners this store still has (0 once every listener has stopped). */
  get listening(): number {
    return this.own.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const delivery of this.own) this.bus.deliveries.delete(delivery);
    this.own.clear();
  }

  addDetections = unsupported('addDetections');
  lastDetectionAt = unsupported('lastDetectionAt');
  openSession = unsupported('openSession');
  setSessionUnits = unsupported('setSessionUnits');
  closeSession = unsupported('closeSession');
  openSessionOf = unsupported('openSessionOf');
  openSessions = unsupported('openSessions');
  history = unsupported('history');
  appendEvent = unsupported('appendEvent');
  recentEvents = unsupported('recentEvents');
  putPolicy = unsupported('putPolicy');
  removePolicy = unsupported('removePolicy');
  policies = unsupported('policies');
  acquireLease = unsupported('acquireLease');
  releaseLease = unsupported('releaseLease');
}

function unsupported(name: string): () => Promise<never> {
  return () => Promise.reject(new Error(`MemoryStateStore has notifications only, not ${name}`));
}
