import { toModelStatus } from '../services/mappers';
import type { UnknownModelStatusListener } from '../services/unknown-model-status';
import type { StatusSnapshot } from './model-status';

/**
 * A status change as it travels between replicas on the state store's
 * `model-status` channel: the snapshot, and the replica that saw it, so
 * each replica can ignore its own echoes.
 */
export interface StatusNotice {
  origin: string;
  snapshot: StatusSnapshot;
}

export function encodeStatusNotice(notice: StatusNotice): string {
  const { origin, snapshot } = notice;
  return JSON.stringify({
    origin,
    project: snapshot.project,
    version: snapshot.version,
    status: snapshot.status,
    statusMessage: snapshot.statusMessage,
    at: snapshot.at.toISOString(),
  });
}

/**
 * The notice in a payload, or null when it is not one (another version of
 * the gateway, a stray NOTIFY). The status goes through the same mapping as
 * Lookout's, so a status this replica does not know becomes UNKNOWN here too.
 */
export function decodeStatusNotice(payload: string, onUnknownStatus: UnknownModelStatusListener): StatusNotice | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { origin, project, version, status, statusMessage, at } = value as Record<string, unknown>;
  if (typeof origin !== 'string' || typeof project !== 'string' || typeof version !== 'string' || typeof status !== 'string' || typeof at !== 'string') return null;
  if (statusMessage !== null && typeof statusMessage !== 'string') return null;
  const seen = new Date(at);
  if (Number.isNaN(seen.getTime())) return null;
  return { origin, snapshot: { project, version, status: toModelStatus(status, onUnknownStatus), statusMessage, at: seen } };
}
