import type { HostingSession, ModelEventRecord, ModelRef, StoredPolicy } from './state-store';

/**
 * Rows as both stores return them: the column names are the same in both
 * schemas. SQLite keeps instants as epoch milliseconds, PostgreSQL as
 * timestamptz (which `pg` reads as a Date), and `pg` reads bigint counters as
 * strings, so every instant and count goes through `new Date` / `Number`.
 */
type Instant = Date | number;
type Count = number | string;

export interface SessionRow {
  project: string;
  version: string;
  since: Instant;
  min_inference_units: number | null;
  max_inference_units: number | null;
  detections: Count;
  anomalies: Count;
  last_inference_at: Instant | null;
  ended_at: Instant | null;
  unit_minutes: number | null;
}

export interface EventRow {
  project: string;
  version: string;
  at: Instant;
  actor: string;
  action: string;
  from_status: string | null;
  result: string;
  detail: string | null;
}

export interface PolicyRow {
  project: string;
  version: string;
  idle_stop_minutes: number | null;
  schedule: string | null;
  updated_at: Instant;
}

export interface HistoryRow {
  closed_unit_minutes: number | null;
  first_seen: Instant | null;
}

export function instantOrNull(value: Instant | null): Date | null {
  return value === null ? null : new Date(value);
}

export function sessionFromRow(row: SessionRow): HostingSession {
  return {
    since: new Date(row.since),
    minInferenceUnits: row.min_inference_units,
    maxInferenceUnits: row.max_inference_units,
    detections: Number(row.detections),
    anomalies: Number(row.anomalies),
    lastInferenceAt: instantOrNull(row.last_inference_at),
    endedAt: instantOrNull(row.ended_at),
    unitMinutes: row.unit_minutes,
  };
}

export function openSessionFromRow(row: SessionRow): ModelRef & HostingSession {
  return { project: row.project, version: row.version, ...sessionFromRow(row) };
}

export function eventFromRow(row: EventRow): ModelEventRecord {
  return {
    project: row.project,
    version: row.version,
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    fromStatus: row.from_status,
    result: row.result,
    detail: row.detail,
  };
}

export function policyFromRow(row: PolicyRow): StoredPolicy {
  return {
    project: row.project,
    version: row.version,
    idleStopMinutes: row.idle_stop_minutes,
    schedule: row.schedule,
    updatedAt: new Date(row.updated_at),
  };
}

export function historyFromRow(row: HistoryRow | undefined): { closedUnitMinutes: number; firstSeen: Date | null } {
  return { closedUnitMinutes: row?.closed_unit_minutes ?? 0, firstSeen: instantOrNull(row?.first_seen ?? null) };
}
