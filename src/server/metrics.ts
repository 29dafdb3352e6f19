import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ClientFault } from '../util/client-faults';

/**
 * The gateway's Prometheus metrics, in a registry of its own (two gateways in
 * one process, as in tests, do not share counts). Every label value comes
 * from a bounded set: schema field names, SDK command and exception names,
 * error codes, and the project and version of models that answered a
 * detection or that the runtime hosts; never a request's free-form text.
 *
 * For the model runtime:
 * - `setHostedModel(project, version, units)` when a model's hosting changes:
 *   `units` is its current inference units (0 while hosted but scaled to
 *   none), `null` once it is no longer hosted (its series disappears).
 * - `countAutomaticAction(action, outcome)` for each action the runtime takes
 *   on its own (e.g. `start`, `stop`, `scale-up`; outcome `ok` or an error
 *   code). Both must be names from a fixed set, never a user's text.
 */
export class GatewayMetrics {
  private readonly own = new Registry();
  /** What /metrics renders: the gateway's metrics and the process's. */
  readonly registry: Registry;

  /** One GraphQL request answered. */
  readonly observeGraphQLRequest = countedAndTimed(this.own, {
    name: 'lookout_gateway_graphql_requests_total',
    help: 'GraphQL requests, by operation (its root fields; "invalid" when it did not parse or validate) and outcome ("ok" or the first error code).',
    durationName: 'lookout_gateway_graphql_request_duration_seconds',
    durationHelp: 'Time from receiving a GraphQL request to sending its answer, by operation and outcome.',
  });

  private readonly detections = new Counter({
    name: 'lookout_gateway_detections_total',
    help: 'Images Lookout answered a detection for, by model.',
    labelNames: ['project', 'version'] as const,
    registers: [this.own],
  });
  private readonly anomalies = new Counter({
    name: 'lookout_gateway_anomalies_total',
    help: 'Detections that found the image anomalous, by model.',
    labelNames: ['project', 'version'] as const,
    registers: [this.own],
  });
  private readonly sharedReads = new Counter({
    name: 'lookout_gateway_shared_reads_total',
    help: 'Upstream reads asked of the shared read cache, by result: "hit" (answered or joined in flight) or "miss" (sent upstream).',
    labelNames: ['result'] as const,
    registers: [this.own],
  });
  private readonly sharedReadHits = this.sharedReads.labels('hit');
  private readonly sharedReadMisses = this.sharedReads.labels('miss');
  /** Counters for the SharedReadCache. */
  readonly sharedReadCounters = { hit: () => this.sharedReadHits.inc(), miss: () => this.sharedReadMisses.inc() };
  private readonly uploadBytes = new Counter({
    name: 'lookout_gateway_upload_bytes_total',
    help: 'Bytes of uploaded images read and sent to Lookout for detection.',
    registers: [this.own],
  });

  /** One Lookout call ended. */
  readonly observeUpstreamCall = countedAndTimed(this.own, {
    name: 'lookout_gateway_upstream_requests_total',
    help: 'Lookout calls (retries included in one), by SDK command and outcome ("ok" or the exception name).',
    durationName: 'lookout_gateway_upstream_request_duration_seconds',
    durationHelp: 'Time a Lookout call took, retries included, by SDK command and outcome.',
  });
  private readonly hostedModels = new Gauge({
    name: 'lookout_gateway_hosted_models',
    help: 'Models the runtime reports hosted.',
    registers: [this.own],
  });
  private readonly inferenceUnits = new Gauge({
    name: 'lookout_gateway_inference_units',
    help: 'Inference units of each hosted model.',
    labelNames: ['project', 'version'] as const,
    registers: [this.own],
  });
  private readonly automaticActions = new Counter({
    name: 'lookout_gateway_automatic_actions_total',
    help: 'Actions the model runtime took on its own, by action and outcome.',
    labelNames: ['action', 'outcome'] as const,
    registers: [this.own],
  });
  private readonly clientFaults = new Counter({
    name: 'lookout_gateway_client_faults_total',
    help: 'Requests the HTTP server refused before any handler, answered with a code: "timeout" (HEADERS_TIMEOUT_MS / REQUEST_TIMEOUT_MS), "headers-too-large", "closed-early" (the client closed its side mid-request), "malformed".',
    labelNames: ['kind'] as const,
    registers: [this.own],
  });
  private readonly hosted = new Set<string>();

  constructor() {
    // After the fields: a merged registry holds the metrics registered by then.
    this.registry = Registry.merge([processRegistry(), this.own]);
  }

  /** An image on its way to Lookout for detection. */
  countUploadBytes(bytes: number): void {
    this.uploadBytes.inc(bytes);
  }

  /** A detection Lookout answered: only models that exist become labels. */
  countDetection(project: string, version: string, anomalous: boolean): void {
    this.detections.labels(project, version).inc();
    if (anomalous) this.anomalies.labels(project, version).inc();
  }

  /** A model's inference units while hosted; `null` once it is not hosted. */
  setHostedModel(project: string, version: string, units: number | null): void {
    const key = `${project}/${version}`;
    if (units === null) {
      this.hosted.delete(key);
      this.inferenceUnits.remove(project, version);
    } else {
      this.hosted.add(key);
      this.inferenceUnits.labels(project, version).set(units);
    }
    this.hostedModels.set(this.hosted.size);
  }

  /** A fault the HTTP server found and answered (client-faults.ts). */
  countClientFault(kind: ClientFault['kind']): void {
    this.clientFaults.labels(kind).inc();
  }

  /** An action the runtime took by itself (`action` and `outcome` from fixed sets). */
  countAutomaticAction(action: string, outcome: string): void {
    this.automaticActions.labels(action, outcome).inc();
  }

  /** The Prometheus text exposition of everything. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** `GET /metrics`: the text format, with prom-client's content type. */
export function metricsEndpoint(metrics: GatewayMetrics): RequestHandler {
  return async (_req, res) => {
    const text = await metrics.render();
    res.setHeader('content-type', metrics.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(text);
  };
}

/** Requests take milliseconds (queries) to tens of seconds (a detection waiting for a slow upstream). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A counter and a histogram of the same calls, by operation and outcome; returns the function that records one. */
function countedAndTimed(
  register: Registry,
  names: { name: string; help: string; durationName: string; durationHelp: string },
): (operation: string, outcome: string, seconds: number) => void {
  const labelNames = ['operation', 'outcome'] as const;
  const total = new Counter({ name: names.name, help: names.help, labelNames, registers: [register] });
  const duration = new Histogram({ name: names.durationName, help: names.durationHelp, labelNames, buckets: DURATION_BUCKETS, registers: [register] });
  // The series of each label pair, looked up once: prom-client checks and copies the labels on every `labels()`.
  const series = new Map<string, { count: Counter.Internal; time: Histogram.Internal<(typeof labelNames)[number]> }>();
  return (operation, outcome, seconds) => {
    const key = `${operation}\u0000${outcome}`;
    let pair = series.get(key);
    if (!pair) series.set(key, (pair = { count: total.labels(operation, outcome), time: duration.labels(operation, outcome) }));
    pair.count.inc();
    pair.time.observe(seconds);
  };
}

let processMetrics: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event loop, GC), collected once per
 * process and shown by every gateway in it: collecting them again per
 * gateway would add observers for the same numbers.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
