import { useEffect, useRef, useState } from 'react';
import {
  ModelEventsDocument,
  ModelStatusChangedDocument,
  PromoteModelDocument,
  SetModelPolicyDocument,
  StartModelDocument,
  StopModelDocument,
  type ConsoleModelVersionFragment,
  type Weekday,
} from '../../../src/client/generated/graphql';
import { allows, describeError, useConnectionState, useMutation, useQuery, useRole, useSubscription } from './api';
import { StatusBadge } from './StatusBadge';

const BUSY = ['TRAINING', 'STARTING_HOSTING', 'STOPPING_HOSTING', 'SYSTEM_UPDATING', 'DELETING'];
const pct = (x: number | null | undefined) => (x == null ? '–' : `${(x * 100).toFixed(1)} %`);
const num = (x: number | null | undefined, digits = 3) => (x == null ? '–' : x.toFixed(digits));

export function ModelCard({ model, hasTestDataset = true, onChanged }: { model: ConsoleModelVersionFragment; hasTestDataset?: boolean; onChanged(): void }) {
  const role = useRole();
  const last = useRef(model.status);
  // Live: the status now, then each change; a change that settles refetches the project (hosting, evaluation...).
  const live = useSubscription(ModelStatusChangedDocument, { project: model.project, version: model.version }, ({ modelStatusChanged: s }) => {
    if (s.status !== last.current) {
      last.current = s.status;
      if (!BUSY.includes(s.status)) onChanged();
    }
  });
  const connection = useConnectionState();
  const status = live.data?.modelStatusChanged.status ?? model.status;
  const message = live.data?.modelStatusChanged.statusMessage ?? model.statusMessage;
  const title = `Version ${model.version}`;
  return (
    <li className="card model" aria-label={title} data-version={model.version}>
      <header className="model-head">
        <h2>{title}</h2>
        <StatusBadge status={status} live />
        {model.aliases.map((a) => (
          <span key={a} className="chip">
            {a}
          </span>
        ))}
      </header>
      <p className="muted">
        {model.description ?? 'No description'} · created {new Date(model.createdAt).toLocaleString()}
        {model.minInferenceUnits != null && ` · ${model.minInferenceUnits}–${model.maxInferenceUnits ?? model.minInferenceUnits} inference units`}
      </p>
      {message && (
        <p className="status-message" aria-live="polite">
          {BUSY.includes(status) && <span className="spinner" aria-hidden="true" />} {message}
        </p>
      )}
      {connection === 'reconnecting' ? (
        <p className="status-message reconnecting" role="status" data-testid="live-reconnecting">
          <span className="spinner" aria-hidden="true" /> Live status: the connection to the gateway was lost; reconnecting…
        </p>
      ) : (
        live.error != null && <p className="error">Live status: {describeError(live.error)}</p>
      )}
      <div className="side-by-side">
        <section aria-label="Performance">
          <h3>Performance</h3>
          <dl>
            <dt>F1</dt>
            <dd>{pct(model.performance?.f1Score)}</dd>
            <dt>Precision</dt>
            <dd>{pct(model.performance?.precision)}</dd>
            <dt>Recall</dt>
            <dd>{pct(model.performance?.recall)}</dd>
          </dl>
        </section>
        <section aria-label="Evaluation">
          <h3>Evaluation</h3>
          {model.evaluation ? (
            <dl>
              <dt>ROC AUC</dt>
              <dd>{num(model.evaluation.rocAuc)}</dd>
              <dt>Avg. precision</dt>
              <dd>{num(model.evaluation.averagePrecision)}</dd>
              <dt>Threshold</dt>
              <dd>{num(model.evaluation.threshold)}</dd>
              <dt>Images tested</dt>
              <dd data-testid="images-tested">
                {model.evaluation.imagesTested ?? '–'}
                {/* Without a test dataset, training measures the model on its own images, each judged by a model fitted without it. */}
                {!hasTestDataset && model.evaluation.imagesTested != null && ' held-out training images (cross-validated; the project has no test dataset)'}
              </dd>
              {model.evaluation.confusion && (
                <>
                  <dt>TP / FP / TN / FN</dt>
                  <dd>
                    {model.evaluation.confusion.tp} / {model.evaluation.confusion.fp} / {model.evaluation.confusion.tn} / {model.evaluation.confusion.fn}
                  </dd>
                </>
              )}
            </dl>
          ) : (
            <p className="muted">None yet.</p>
          )}
        </section>
        <section aria-label="Hosting">
          <h3>Hosting</h3>
          <dl>
            <dt>Hosted since</dt>
            <dd>{model.hosting.since ? new Date(model.hosting.since).toLocaleString() : '–'}</dd>
            <dt>Detections</dt>
            <dd>
              {model.hosting.detections} ({model.hosting.anomalies} anomalous)
            </dd>
            <dt>Unit-minutes</dt>
            <dd>
              {model.hosting.unitMinutes.toFixed(1)} now, {model.hosting.totalUnitMinutes.toFixed(1)} in all
            </dd>
            <dt>Policy</dt>
            <dd>{describePolicy(model.policy)}</dd>
          </dl>
        </section>
      </div>
      {allows(role, 'ADMIN') && (
        <div className="actions">
          <StartStop project={model.project} version={model.version} status={status} />
          <Promote project={model.project} version={model.version} onDone={onChanged} />
          {model.aliases.map((a) => (
            <Rollback key={a} project={model.project} alias={a} version={model.version} onDone={onChanged} />
          ))}
          <details>
            <summary>Idle stop and schedule</summary>
            <PolicyForm model={model} onDone={onChanged} />
          </details>
          <AuditDetails project={model.project} version={model.version} />
        </div>
      )}
    </li>
  );
}

function describePolicy(policy: ConsoleModelVersionFragment['policy']): string {
  const parts: string[] = [];
  if (policy.idleStopMinutes != null) parts.push(`stop after ${policy.idleStopMinutes} idle min`);
  if (policy.schedule) parts.push(`hosted ${policy.schedule.windows.map((w) => `${w.days.join(',')} ${w.start}–${w.end}`).join('; ')} (${policy.schedule.timeZone})`);
  return parts.join('; ') || 'none';
}

function StartStop({ project, version, status }: { project: string; version: string; status: string }) {
  const [unitsText, setUnits] = useState('1');
  // A whole number from 1: anything else is said here, not sent for the gateway to refuse.
  const units = /^[1-9]\d{0,3}$/.test(unitsText.trim()) ? Number(unitsText.trim()) : null;
  const [start, starting] = useMutation(StartModelDocument);
  const [stop, stopping] = useMutation(StopModelDocument);
  const canStart = status === 'TRAINED' || status === 'HOSTING_FAILED';
  const canStop = status === 'HOSTED' || status === 'STARTING_HOSTING';
  const id = `units-${project}-${version}`;
  return (
    <div className="inline-form">
      {canStart && (
        <>
          <label htmlFor={id}>Inference units</label>
          <input
            id={id}
            type="number"
            min={1}
            step={1}
            value={unitsText}
            aria-invalid={units === null}
            aria-describedby={units === null ? `${id}-hint` : undefined}
            onChange={(e) => setUnits(e.target.value)}
          />
          <button type="button" disabled={starting.running || units === null} onClick={() => units !== null && start({ project, version, minInferenceUnits: units })}>
            Start
          </button>
          {units === null && (
            <span className="error" id={`${id}-hint`}>
              Inference units: a whole number, 1 or more.
            </span>
          )}
        </>
      )}
      {canStop && (
        <button type="button" className="danger" disabled={stopping.running} onClick={() => stop({ project, version })}>
          Stop
        </button>
      )}
      {[starting.error, stopping.error].map((e, i) => e != null && <span key={i} role="alert" className="error">{describeError(e)}</span>)}
    </div>
  );
}

function Promote({ project, version, onDone }: { project: string; version: string; onDone(): void }) {
  const [alias, setAlias] = useState('production');
  const [startFirst, setStartFirst] = useState(true);
  const [stopPrevious, setStopPrevious] = useState(false);
  const [promote, state] = useMutation(PromoteModelDocument);
  const [lastChange, setLastChange] = useState<{ alias: string; version: string | null; previous: string | null } | null>(null);
  const run = async (target: string) => {
    const done = await promote({ project, version: target, alias, startFirst, stopPrevious });
    if (done) {
      const c = done.promoteModel;
      setLastChange({ alias: c.alias, version: c.version ?? null, previous: c.previousVersion ?? null });
      onDone();
    }
  };
  const id = `alias-${project}-${version}`;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(version);
      }}
    >
      <label htmlFor={id}>Alias</label>
      <input id={id} value={alias} onChange={(e) => setAlias(e.target.value)} pattern="[a-z][a-z0-9\-]*" required />
      <label>
        <input type="checkbox" checked={startFirst} onChange={(e) => setStartFirst(e.target.checked)} /> start it first
      </label>
      <label>
        <input type="checkbox" checked={stopPrevious} onChange={(e) => setStopPrevious(e.target.checked)} /> stop the previous version
      </label>
      <button type="submit" disabled={state.running}>
        {state.running ? 'Promoting…' : `Promote v${version}`}
      </button>
      {lastChange && (
        <span aria-live="polite">
          {lastChange.alias} → v{lastChange.version}
          {lastChange.previous && lastChange.previous !== lastChange.version && <> (was v{lastChange.previous})</>}
        </span>
      )}
      {state.error != null && <span role="alert" className="error">{describeError(state.error)}</span>}
    </form>
  );
}

/**
 * "Roll back to vN" for an alias naming this version: N is where the alias pointed before its last move here, read
 * from the audit (modelEvents of this version: each promote or set-alias records "production: 1 -> 2"), so it
 * survives a reload. Rolling back is promoting that version (started first if it is not hosted).
 */
function Rollback({ project, alias, version, onDone }: { project: string; alias: string; version: string; onDone(): void }) {
  const events = useQuery(ModelEventsDocument, { project, version, last: 200 });
  const [promote, state] = useMutation(PromoteModelDocument);
  // Read again once the gateway is back, if it was away when this was first read.
  const connection = useConnectionState();
  const { error, refetch } = events;
  useEffect(() => {
    if (connection === 'connected' && error) refetch();
  }, [connection, error, refetch]);
  const previous = previousTarget(events.data?.modelEvents ?? [], alias, version);
  if (events.error) return null;
  if (!events.data) return null;
  return (
    <p className="inline-form">
      {previous ? (
        <button
          type="button"
          className="secondary"
          disabled={state.running}
          onClick={async () => {
            if (await promote({ project, version: previous, alias, startFirst: true, stopPrevious: false })) onDone();
          }}
        >
          {state.running ? `Rolling ${alias} back…` : `Roll back to v${previous}`}
        </button>
      ) : (
        <span className="muted">
          {alias}: no earlier version in the audit; to roll back, promote the older version to {alias}.
        </span>
      )}
      {state.error != null && <span role="alert" className="error">{describeError(state.error)}</span>}
    </p>
  );
}

/** The version `alias` named before it last moved to `version`, from the events (newest first), or null. */
export function previousTarget(events: { action: string; result: string; detail?: string | null }[], alias: string, version: string): string | null {
  for (const e of events) {
    if ((e.action !== 'promote' && e.action !== 'set-alias') || e.result !== 'ok' || !e.detail) continue;
    const move = /^(\S+): (\S+) -> (\S+)/.exec(e.detail);
    if (!move || move[1] !== alias || move[3] !== version) continue;
    return move[2] === 'none' || move[2] === version ? null : move[2];
  }
  return null;
}

const DAYS: Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

interface WindowDraft {
  days: Weekday[];
  start: string;
  end: string;
}

const NEW_WINDOW: WindowDraft = { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '08:00', end: '18:00' };

/** The hosting policy: idle stop, and a weekly schedule of every window the policy has (saving keeps them all). */
function PolicyForm({ model, onDone }: { model: ConsoleModelVersionFragment; onDone(): void }) {
  const [idle, setIdle] = useState(model.policy.idleStopMinutes?.toString() ?? '');
  const [scheduled, setScheduled] = useState(Boolean(model.policy.schedule));
  const [timeZone, setTimeZone] = useState(model.policy.schedule?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [windows, setWindows] = useState<WindowDraft[]>(
    model.policy.schedule?.windows.length ? model.policy.schedule.windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end })) : [NEW_WINDOW],
  );
  const [save, state] = useMutation(SetModelPolicyDocument);
  const id = (part: string) => `policy-${part}-${model.project}-${model.version}`;
  const change = (index: number, patch: Partial<WindowDraft>) => setWindows(windows.map((w, i) => (i === index ? { ...w, ...patch } : w)));
  return (
    <form
      className="policy"
      onSubmit={async (e) => {
        e.preventDefault();
        const done = await save({
          project: model.project,
          version: model.version,
          idleStopMinutes: idle ? Number(idle) : null,
          schedule: scheduled ? { timeZone, windows } : null,
        });
        if (done) onDone();
      }}
    >
      <label htmlFor={id('idle')}>Stop after minutes without a detection (empty: never)</label>
      <input id={id('idle')} type="number" min={1} max={10080} value={idle} onChange={(e) => setIdle(e.target.value)} />
      <label>
        <input type="checkbox" checked={scheduled} onChange={(e) => setScheduled(e.target.checked)} /> Keep hosted only in weekly windows
      </label>
      {scheduled && (
        <>
          <label htmlFor={id('tz')}>Time zone</label>
          <input id={id('tz')} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required />
          {windows.map((w, index) => (
            <fieldset key={index}>
              <legend>Window {index + 1}</legend>
              <div className="days">
                {DAYS.map((d) => (
                  <label key={d}>
                    <input type="checkbox" checked={w.days.includes(d)} onChange={(e) => change(index, { days: e.target.checked ? [...w.days, d] : w.days.filter((x) => x !== d) })} /> {d}
                  </label>
                ))}
              </div>
              <label htmlFor={id(`start-${index}`)}>From</label>
              <input id={id(`start-${index}`)} type="time" value={w.start} onChange={(e) => change(index, { start: e.target.value })} required />
              <label htmlFor={id(`end-${index}`)}>To (24:00 for the end of the day)</label>
              {/* Text, not type="time": a time field cannot hold 24:00, the end of a window that runs to midnight. */}
              <input
                id={id(`end-${index}`)}
                value={w.end}
                onChange={(e) => change(index, { end: e.target.value })}
                pattern="([01]\d|2[0-3]):[0-5]\d|24:00"
                placeholder="HH:MM"
                title="HH:MM, or 24:00 for midnight at the end of the day"
                inputMode="numeric"
                required
              />
              {windows.length > 1 && (
                <button type="button" onClick={() => setWindows(windows.filter((_, i) => i !== index))}>
                  Remove window {index + 1}
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" onClick={() => setWindows([...windows, NEW_WINDOW])}>
            Add a window
          </button>
        </>
      )}
      <button type="submit" disabled={state.running}>
        Save policy
      </button>
      {state.result && <span aria-live="polite">Saved.</span>}
      {state.error != null && <span role="alert" className="error">{describeError(state.error)}</span>}
    </form>
  );
}

/** The audit, read when opened (and again at each opening). */
function AuditDetails({ project, version }: { project: string; version: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Audit</summary>
      {open && <Audit project={project} version={version} />}
    </details>
  );
}

function Audit({ project, version }: { project: string; version: string }) {
  const events = useQuery(ModelEventsDocument, { project, version, last: 20 });
  if (events.error) return <p role="alert" className="error">{describeError(events.error)}</p>;
  if (!events.data) return <p>Loading…</p>;
  return (
    <>
      <button type="button" className="secondary" onClick={events.refetch}>
        Refresh
      </button>
      <table>
        <caption className="sr-only">Audit of version {version}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">From</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {events.data.modelEvents.map((e, i) => (
            <tr key={i}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.fromStatus ?? ''}</td>
              <td>
                {e.result}
                {e.detail ? ` – ${e.detail}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.data.modelEvents.length === 0 && <p className="muted">Nothing yet.</p>}
    </>
  );
}
