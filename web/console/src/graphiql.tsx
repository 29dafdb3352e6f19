import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import type { Fetcher, FetcherParams, FetcherOpts, Storage } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { getOperationAST, parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { authHeaders, socketUrl, storedKey } from './session';

/**
 * GraphiQL for this gateway, offline (served at GET /graphql to browsers).
 * Headers start with the console's API key (if signed in) and the CSRF
 * preflight header, and the key is sent even when the Headers tab is empty
 * unless it names another credential; queries and mutations go over HTTP, subscriptions over
 * graphql-ws; a variable whose value is the string "@file" is sent as the
 * file chosen above the editor (a GraphQL multipart request), so uploads
 * such as detectAnomalies work from here too.
 */
const FILE_MARK = '@file';
let chosenFile: File | null = null;
let sockets: { key: string; client: Client } | null = null;

const DEFAULT_QUERY = `# Lookout Gateway. Headers (below) carry your API key.
# For an Upload variable, choose a file above and give the variable the value "@file".
query Projects {
  viewer { name role }
  projects {
    name
    modelVersions { version status aliases }
  }
}
`;

function socketFor(headers: Record<string, string>): Client {
  const key = JSON.stringify(headers.authorization ?? headers['x-api-key'] ?? '');
  if (!sockets || sockets.key !== key) {
    void sockets?.client.dispose();
    sockets = { key, client: createClient({ url: socketUrl(), connectionParams: { ...headers } }) };
  }
  return sockets.client;
}

const fetcher: Fetcher = (params: FetcherParams, opts?: FetcherOpts) => {
  // The console's key goes with every request unless the Headers tab names a credential itself
  // (tabs restored from storage come back without headers: they are never stored).
  const edited = { ...(opts?.headers as Record<string, string> | undefined) };
  const namesCredential = Object.keys(edited).some((name) => ['authorization', 'x-api-key'].includes(name.toLowerCase()));
  const headers: Record<string, string> = { 'apollo-require-preflight': 'true', ...(namesCredential ? {} : authHeaders(storedKey())), ...edited };
  let kind = 'query';
  try {
    kind = getOperationAST(parse(params.query), params.operationName ?? undefined)?.operation ?? 'query';
  } catch {
    // Let the gateway answer the parse error.
  }
  if (kind === 'subscription') {
    // graphql-ws yields formatted results, which is what GraphiQL shows.
    return socketFor(headers).iterate({ query: params.query, operationName: params.operationName ?? undefined, variables: params.variables ?? undefined }) as unknown as ReturnType<Fetcher>;
  }
  const files: string[] = [];
  const variables = markFiles(params.variables ?? {}, 'variables', files);
  let body: BodyInit;
  if (files.length > 0) {
    if (!chosenFile) return Promise.resolve({ errors: [{ message: `A variable is "${FILE_MARK}": choose a file above the editor first.` }] });
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: params.query, operationName: params.operationName, variables }));
    form.append('map', JSON.stringify(Object.fromEntries(files.map((path, i) => [String(i), [path]]))));
    files.forEach((_, i) => form.append(String(i), chosenFile!, chosenFile!.name));
    headers['apollo-require-preflight'] = 'true';
    delete headers['content-type'];
    body = form;
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify({ query: params.query, operationName: params.operationName, variables });
  }
  return fetch('/graphql', { method: 'POST', headers, body }).then((res) => res.json());
};

/**
 * GraphiQL's storage (tabs, history, settings) in localStorage, minus every
 * `headers` it would keep: its history saves each query's headers, and they
 * hold the API key, which must stay in the tab (sessionStorage) only.
 */
const PREFIX = 'lookout-gateway.graphiql:';
const withoutHeaders = (value: string): string => {
  try {
    return JSON.stringify(JSON.parse(value), (key, v: unknown) => (key === 'headers' ? null : v));
  } catch {
    return value;
  }
};
const storage: Storage = {
  getItem: (key) => localStorage.getItem(PREFIX + key),
  setItem: (key, value) => localStorage.setItem(PREFIX + key, withoutHeaders(value)),
  removeItem: (key) => localStorage.removeItem(PREFIX + key),
  clear: () => Object.keys(localStorage).filter((k) => k.startsWith(PREFIX)).forEach((k) => localStorage.removeItem(k)),
  get length() {
    return Object.keys(localStorage).filter((k) => k.startsWith(PREFIX)).length;
  },
};

function markFiles(value: unknown, path: string, files: string[]): unknown {
  if (value === FILE_MARK) {
    files.push(path);
    return null;
  }
  if (Array.isArray(value)) return value.map((item, i) => markFiles(item, `${path}.${i}`, files));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markFiles(v, `${path}.${k}`, files)]));
  return value;
}

function Page() {
  const [file, setFile] = useState<File | null>(null);
  const headers = JSON.stringify({ 'apollo-require-preflight': 'true', ...authHeaders(storedKey()) }, null, 2);
  return (
    <div className="gw-page">
      <header className="gw-bar">
        <a href="/console/">← Console</a>
        <label>
          File for <code>"{FILE_MARK}"</code> variables:{' '}
          <input
            type="file"
            accept="image/png,image/jpeg"
            onChange={(e) => {
              chosenFile = e.target.files?.[0] ?? null;
              setFile(chosenFile);
            }}
          />
        </label>
        <span aria-live="polite">{file ? `${file.name} (${file.size} bytes)` : 'no file chosen'}</span>
      </header>
      <div className="gw-graphiql">
        <GraphiQL fetcher={fetcher} storage={storage} defaultQuery={DEFAULT_QUERY} initialHeaders={headers} defaultHeaders={headers} shouldPersistHeaders={false} isHeadersEditorEnabled />
      </div>
    </div>
  );
}

const style = document.createElement('style');
style.textContent = `.gw-page{display:flex;flex-direction:column;height:100%}.gw-bar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.4rem .8rem;font:14px system-ui,sans-serif;border-bottom:1px solid #ddd}.gw-graphiql{flex:1;min-height:0}`;
document.head.append(style);
document.getElementById('graphiql')!.textContent = '';
createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
