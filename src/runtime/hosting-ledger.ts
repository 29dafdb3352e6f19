import type { DetectionTally, HostingSession, ModelRef, StateStore } from '../state/state-store';
import type { Clock } from './clock';

export interface HostingFigures {
  since: Date | null;
  minInferenceUnits: number | null;
  maxInferenceUnits: number | null;
  detections: number;
  anomalies: number;
  lastInferenceAt: Date | null;
  unitMinutes: number;
  totalUnitMinutes: number;
}

const key = (model: ModelRef) => `${model.project}/${model.version}`;
const MS_PER_MINUTE = 60_000;

/**
 * The accounting of hosted models: sessions (from a start, or from the first
 * time the gateway sees a model hosted, to its stop), with the detections
 * they served. Detections are tallied in memory and written to the state
 * store every `flushMs`, so the detection path costs no database round trip;
 * the idle clock and the counts are therefore at most that much behind, on
 * every replica.
 */
export class HostingLedger {
  private readonly pending = new Map<string, { model: ModelRef; tally: DetectionTally }>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly log: (message: string, error: unknown) => void,
    flushMs = 5_000,
    private readonly onHosting: (model: ModelRef, units: number | null) => void = () => {},
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  countDetection(model: ModelRef, anomalous: boolean): void {
    const at = this.clock.now();
    const entry = this.pending.get(key(model));
    if (entry) {
      entry.tally.detections++;
      if (anomalous) entry.tally.anomalies++;
      entry.tally.lastAt = at;
    } else {
      this.pending.set(key(model), { model, tally: { detections: 1, anomalies: anomalous ? 1 : 0, lastAt: at } });
    }
  }

  /** Writes the tallies so far; a failed write keeps them for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = [...this.pending.values()];
      this.pending.clear();
      for (const { model, tally } of batch) {
        try {
          await this.store.addDetections(model, tally);
        } catch (error) {
          this.log('could not record detections; will retry', error);
          this.merge(model, tally);
        }
      }
    });
    return this.flushing;
  }

  /** A start went through (or was found done): the session begins now unless one is open. */
  async started(model: ModelRef, units: { min: number | null; max: number | null }): Promise<void> {
    await this.store.openSession(model, this.clock.now(), units);
    await this.store.setSessionUnits(model, units);
    this.onHosting(model, units.min ?? 1);
  }

  async stopped(model: ModelRef): Promise<void> {
    await this.flush();
    await this.store.closeSession(model, this.clock.now());
    this.onHosting(model, null);
  }

  /** What a status seen from outside the gateway means for the session: hosted opens one, settled-unhosted ends it. */
  async observed(model: ModelRef, status: string, units: { min: number | null; max: number | null }): Promise<void> {
    if (status === 'HOSTED' || status === 'STARTING_HOSTING') {
      const session = await this.store.openSessionOf(model);
      if (!session) await this.started(model, units);
    } else if (status === 'TRAINED' || status === 'HOSTING_FAILED' || status === 'DELETING') {
      if (await this.store.openSessionOf(model)) await this.stopped(model);
    }
  }

  /** When the model last did something: its latest detection on any replica, or the start of its session. */
  async lastActivity(model: ModelRef): Promise<Date | null> {
    const [stored, session] = await Promise.all([this.store.lastDetectionAt(model), this.store.openSessionOf(model)]);
    const local = this.pending.get(key(model))?.tally.lastAt ?? null;
    return latest([stored, local, session?.since ?? null]);
  }

  async figures(model: ModelRef): Promise<HostingFigures> {
    const [session, history, lastStored] = await Promise.all([this.store.openSessionOf(model), this.store.history(model), this.store.lastDetectionAt(model)]);
    const local = this.pending.get(key(model))?.tally;
    const unitMinutes = session ? openUnitMinutes(session, this.clock.now()) : 0;
    return {
      since: session?.since ?? null,
      minInferenceUnits: session?.minInferenceUnits ?? null,
      maxInferenceUnits: session?.maxInferenceUnits ?? null,
      detections: (session?.detections ?? 0) + (session ? (local?.detections ?? 0) : 0),
      anomalies: (session?.anomalies ?? 0) + (session ? (local?.anomalies ?? 0) : 0),
      lastInferenceAt: latest([lastStored, local?.lastAt ?? null]),
      unitMinutes,
      totalUnitMinutes: history.closedUnitMinutes + unitMinutes,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private merge(model: ModelRef, tally: DetectionTally): void {
    const entry = this.pending.get(key(model));
    if (!entry) return void this.pending.set(key(model), { model, tally });
    entry.tally.detections += tally.detections;
    entry.tally.anomalies += tally.anomalies;
    if (tally.lastAt > entry.tally.lastAt) entry.tally.lastAt = tally.lastAt;
  }
}

function openUnitMinutes(session: HostingSession, now: Date): number {
  return ((session.minInferenceUnits ?? 1) * Math.max(0, now.getTime() - session.since.getTime())) / MS_PER_MINUTE;
}

function latest(dates: (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((best, d) => (d && (!best || d > best) ? d : best), null);
}
