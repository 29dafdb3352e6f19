import { useState, type FormEvent } from 'react';
import { ConsoleProjectsDocument, CreateProjectDocument } from '../../../src/client/generated/graphql';
import { allows, describeError, useMutation, useQuery, useRole } from './api';
import { PageHeading } from './PageHeading';
import { StatusBadge } from './StatusBadge';

export function ProjectList({ onOpen }: { onOpen(name: string): void }) {
  const projects = useQuery(ConsoleProjectsDocument, {});
  const role = useRole();
  return (
    <>
      <PageHeading>Projects</PageHeading>
      {allows(role, 'ADMIN') && <CreateProject onCreated={(name) => onOpen(name)} />}
      {projects.error != null && <p role="alert" className="error">{describeError(projects.error)}</p>}
      {projects.loading && !projects.data && <p aria-live="polite">Loading projects…</p>}
      <ul className="cards" aria-label="Projects">
        {projects.data?.projects.map((p) => (
          <li key={p.name} className="card">
            <h2>
              <a
                href={`/console/projects/${encodeURIComponent(p.name)}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(p.name);
                }}
              >
                {p.name}
              </a>
            </h2>
            <p className="muted">Created {new Date(p.createdAt).toLocaleString()}</p>
            {p.datasets.map((d) => (
              <p key={d.type}>
                {d.type.toLowerCase()} dataset: {d.imageStats?.total ?? 0} images ({d.imageStats?.normal ?? 0} normal, {d.imageStats?.anomaly ?? 0} anomaly)
              </p>
            ))}
            {p.datasets.length === 0 && <p className="muted">No dataset yet.</p>}
            <p className="badges">
              {p.modelVersions.map((m) => (
                <span key={m.version}>
                  v{m.version} <StatusBadge status={m.status} />
                </span>
              ))}
              {p.modelVersions.length === 0 && <span className="muted">No model yet.</span>}
            </p>
          </li>
        ))}
      </ul>
      {projects.data?.projects.length === 0 && <p>No projects yet.</p>}
    </>
  );
}

function CreateProject({ onCreated }: { onCreated(name: string): void }) {
  const [name, setName] = useState('');
  const [create, state] = useMutation(CreateProjectDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await create({ name: name.trim() });
    if (done) onCreated(done.createProject.name);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor="new-project">New project</label>
      <input
        id="new-project"
        value={name}
        onChange={(e) => setName(e.target.value)}
        pattern="[a-zA-Z0-9][a-zA-Z0-9_\-]*"
        maxLength={255}
        required
        title="1–255 letters, digits, '_' or '-', starting with a letter or digit"
        aria-describedby="new-project-rule"
      />
      <span id="new-project-rule" className="muted">
        1–255 letters, digits, _ or -, starting with a letter or digit (e.g. pump-housings_2)
      </span>
      <button type="submit" disabled={state.running}>
        {state.running ? 'Creating…' : 'Create project'}
      </button>
      {state.error != null && <span role="alert" className="error">{describeError(state.error)}</span>}
    </form>
  );
}
