import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ConsoleViewerDocument } from '../../../src/client/generated/graphql';
import { ApiContext, GatewayRequestError, RoleContext, createApi, describeError, useQuery } from './api';
import { ProjectList } from './ProjectList';
import { ProjectPage } from './ProjectPage';
import { PageHeading, focusNextHeading } from './PageHeading';
import { storeKey, storedKey } from './session';

/** A path as typed or linked; a malformed %-escape (a hand-edited URL) is taken as it is rather than failing the page. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The path under /console: "" for the projects, "projects/<name>" for one. */
function usePath(): [string, (path: string, options?: { replace?: boolean }) => void] {
  const read = () => decodePath(location.pathname.replace(/^\/console\/?/, '').replace(/\/$/, ''));
  const [path, setPath] = useState(read);
  useEffect(() => {
    const onPop = () => {
      focusNextHeading();
      setPath(read());
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (next: string, { replace = false } = {}) => {
    const url = `/console/${next.split('/').map(encodeURIComponent).join('/')}`;
    if (replace) {
      // Another view of the same page (a project's tab): the address follows, focus and scroll stay where they are.
      history.replaceState(null, '', url);
    } else {
      history.pushState(null, '', url);
      focusNextHeading();
      scrollTo(0, 0);
    }
    setPath(next);
  };
  return [path, go];
}

/** What a path under /console shows: the projects, one project (and which of its tabs), or nothing. */
function routeOf(path: string): { page: 'projects' } | { page: 'project'; name: string; tab: string | undefined } | { page: 'none' } {
  if (path === '') return { page: 'projects' };
  // Lookout's rule for a project name: anything else can name no project, so the address names no page.
  const project = /^projects\/([a-zA-Z0-9][a-zA-Z0-9_-]{0,254})(?:\/([^/]+))?$/.exec(path);
  return project ? { page: 'project', name: project[1], tab: project[2] } : { page: 'none' };
}

export function App() {
  const [key, setKey] = useState<string | null>(storedKey);
  // The key the gateway last refused (it is forgotten at once; the sign-in form says why it is back).
  const [rejected, setRejected] = useState(false);
  const api = useMemo(() => createApi(key), [key]);
  useEffect(() => () => void api.sockets.dispose(), [api]);
  const signIn = (next: string | null) => {
    storeKey(next);
    setKey(next);
    setRejected(false);
  };
  const reject = () => {
    storeKey(null);
    setKey(null);
    setRejected(true);
  };
  return (
    <ApiContext.Provider value={api}>
      <Shell key={key ?? ''} signedIn={key !== null} rejected={rejected} onSignIn={signIn} onRejected={reject} />
    </ApiContext.Provider>
  );
}

function Shell({ signedIn, rejected, onSignIn, onRejected }: { signedIn: boolean; rejected: boolean; onSignIn(key: string | null): void; onRejected(): void }) {
  const viewer = useQuery(ConsoleViewerDocument, {});
  const [path, go] = usePath();
  const unauthenticated = viewer.error instanceof GatewayRequestError && viewer.error.codes.includes('UNAUTHENTICATED');
  // A refused key: forget it, so the sign-in form (not just "Sign out") is back.
  useEffect(() => {
    if (unauthenticated && signedIn) onRejected();
  }, [unauthenticated, signedIn, onRejected]);
  const me = viewer.data?.viewer;
  const route = routeOf(path);
  return (
    <RoleContext.Provider value={me?.role}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a
          className="brand"
          href="/console/"
          onClick={(e) => {
            e.preventDefault();
            go('');
          }}
        >
          Lookout Gateway
        </a>
        <nav aria-label="Tools">
          <a href="/graphql">GraphiQL</a>
        </nav>
        <SignIn signedIn={signedIn} onSignIn={onSignIn} />
        {me && (
          <p className="whoami" data-testid="whoami">
            <span>{me.name}</span> <span className={`role role-${me.role.toLowerCase()}`}>{me.role.toLowerCase()}</span>
            {me.developmentMode && <span className="hint"> development mode: every caller is an admin</span>}
          </p>
        )}
      </header>
      <main id="main">
        {unauthenticated ? (
          <section className="panel">
            <h1>Sign in</h1>
            {rejected && (
              <p role="alert" className="error">
                The gateway did not accept that API key; it was forgotten.
              </p>
            )}
            <p>This gateway needs an API key. Enter it above; it is kept only in this tab (sessionStorage).</p>
          </section>
        ) : viewer.error ? (
          <p role="alert" className="error">
            {describeError(viewer.error)}
          </p>
        ) : !me ? (
          <p aria-live="polite">Loading…</p>
        ) : route.page === 'project' ? (
          <ProjectPage key={route.name} name={route.name} tab={route.tab} onTab={(tab) => go(`projects/${route.name}/${tab}`, { replace: true })} onBack={() => go('')} />
        ) : route.page === 'none' ? (
          <NoSuchPage path={path} onBack={() => go('')} />
        ) : (
          <ProjectList onOpen={(name) => go(`projects/${name}`)} />
        )}
      </main>
    </RoleContext.Provider>
  );
}

function NoSuchPage({ path, onBack }: { path: string; onBack(): void }) {
  return (
    <section className="panel">
      <PageHeading>No such page</PageHeading>
      <p className="name">The console has no page /console/{path}.</p>
      <p>
        <button type="button" className="link" onClick={onBack}>
          ← All projects
        </button>
      </p>
    </section>
  );
}

function SignIn({ signedIn, onSignIn }: { signedIn: boolean; onSignIn(key: string | null): void }) {
  const [draft, setDraft] = useState('');
  if (signedIn) {
    return (
      <button type="button" className="secondary" onClick={() => onSignIn(null)}>
        Sign out
      </button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim()) onSignIn(draft.trim());
    setDraft('');
  };
  return (
    <form className="signin" onSubmit={submit}>
      <label htmlFor="api-key">API key</label>
      <input id="api-key" type="password" autoComplete="off" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Bearer key" />
      <button type="submit">Sign in</button>
    </form>
  );
}
