import { useEffect, useRef, useState } from 'react';
import { ConsoleProjectDocument, TrainModelDocument } from '../../../src/client/generated/graphql';
import { allows, describeError, useConnectionState, useMutation, useQuery, useRole } from './api';
import { DatasetSection } from './DatasetSection';
import { ModelCard } from './ModelCard';
import { PageHeading } from './PageHeading';
import { TryIt } from './TryIt';

const TABS = [
  { id: 'models', label: 'Models' },
  { id: 'dataset', label: 'Dataset' },
  { id: 'try', label: 'Try it' },
] as const;
type Tab = (typeof TABS)[number]['id'];

const isTab = (id: string | undefined): id is Tab => TABS.some((t) => t.id === id);

/** One project; `tab` from the address (/console/projects/<name>/<tab>), so a reload or a link opens the same tab. */
export function ProjectPage({ name, tab: asked, onTab, onBack }: { name: string; tab: string | undefined; onTab(tab: Tab): void; onBack(): void }) {
  const project = useQuery(ConsoleProjectDocument, { name });
  const tab: Tab = isTab(asked) ? asked : 'models';
  // Back from a lost connection (a gateway restart): read the project again, for what changed meanwhile (aliases, hosting...).
  const connection = useConnectionState();
  const wasLost = useRef(false);
  const { refetch } = project;
  useEffect(() => {
    if (connection === 'reconnecting') wasLost.current = true;
    else if (connection === 'connected' && wasLost.current) {
      wasLost.current = false;
      refetch();
    }
  }, [connection, refetch]);
  const p = project.data?.project;
  if (project.error && !p) return <p role="alert" className="error">{describeError(project.error)}</p>;
  if (!project.data) return <p aria-live="polite">Loading {name}…</p>;
  if (!p) return <p role="alert" className="name">There is no project {name}.</p>;
  if (asked !== undefined && !isTab(asked)) {
    return (
      <p role="alert" className="name">
        Project {name} has no section “{asked}”: it has {TABS.map((t) => t.id).join(', ')}.
      </p>
    );
  }
  // Newest first.
  const versions = [...p.modelVersions].sort((a, b) => Number(b.version) - Number(a.version));
  return (
    <>
      <p>
        <button type="button" className="link" onClick={onBack}>
          ← All projects
        </button>
      </p>
      <PageHeading>{p.name}</PageHeading>
      <p className="muted">
        Created {new Date(p.createdAt).toLocaleString()} · Aliases:{' '}
        {p.aliases.length ? p.aliases.map((a) => `${a.name} → v${a.version}`).join(', ') : 'none'}
      </p>
      <div role="tablist" aria-label="Project sections" className="tabs">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => onTab(t.id)}
            onKeyDown={(e) => {
              // The tabs pattern: arrows move between tabs, Tab goes on to the panel.
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              const next = TABS[(i + step + TABS.length) % TABS.length].id;
              onTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'models' && (
          <>
            <Train project={p.name} onStarted={project.refetch} />
            {versions.length === 0 && <p>No model version yet: add images to the dataset, then train.</p>}
            <ul className="models" aria-label="Model versions">
              {versions.map((m) => (
                <ModelCard key={m.version} model={m} hasTestDataset={p.datasets.some((d) => d.type === 'TEST')} onChanged={project.refetch} />
              ))}
            </ul>
          </>
        )}
        {tab === 'dataset' && <DatasetSection project={p.name} datasets={p.datasets} onChanged={project.refetch} />}
        {tab === 'try' && <TryIt project={p.name} versions={versions} aliases={p.aliases} />}
      </section>
    </>
  );
}

function Train({ project, onStarted }: { project: string; onStarted(): void }) {
  const role = useRole();
  const [description, setDescription] = useState('');
  const [train, state] = useMutation(TrainModelDocument);
  if (!allows(role, 'ADMIN')) return null;
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await train({ project, description: description || undefined })) onStarted();
      }}
    >
      <label htmlFor="train-description">Description</label>
      <input
        id="train-description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        maxLength={500}
        pattern="[A-Za-z0-9._\-]+"
        title="Letters, digits, '.', '-' and '_' (Lookout's rule)"
        aria-describedby="train-description-rule"
      />
      <span id="train-description-rule" className="muted">
        optional; letters, digits, . - _
      </span>
      <button type="submit" disabled={state.running}>
        {state.running ? 'Starting training…' : 'Train a new version'}
      </button>
      {state.result && <span aria-live="polite">Started training version {state.result.trainModel.version}; its badge below follows it live.</span>}
      {state.error != null && <span role="alert" className="error">{describeError(state.error)}</span>}
    </form>
  );
}
