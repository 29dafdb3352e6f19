/*
 * The gateway seen by its clients: JSON GraphQL requests, GraphQL multipart
 * bodies (one file, or an addImages batch), and its Prometheus counters.
 */

export class GatewayClient {
  constructor(
    readonly url: string,
    readonly apiKey: string | null,
  ) {}

  get headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) };
  }

  /** A query or mutation; throws on GraphQL errors. */
  async request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers: this.headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`${query.slice(0, 80)}...: HTTP ${response.status} ${JSON.stringify(body.errors ?? body)}`);
    return body.data;
  }

  /** A multipart request as the load generator sends it; throws unless it answers data without errors. */
  async multipart(body: MultipartBody): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers: { ...body.headers, ...this.authorization() }, body: body.body });
    const json = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
    if (json.errors?.length || !json.data) throw new Error(`multipart request: HTTP ${response.status} ${JSON.stringify(json.errors ?? json)}`);
    return json.data;
  }

  authorization(): Record<string, string> {
    return this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
  }

  /** `lookout_gateway_upstream_requests_total`, summed over outcomes, by operation. */
  async upstreamCalls(): Promise<Map<string, number>> {
    const response = await fetch(`${this.url}/metrics`, { headers: this.authorization() });
    if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
    const calls = new Map<string, number>();
    for (const line of (await response.text()).split('\n')) {
      const match = /^lookout_gateway_upstream_requests_total\{([^}]*)\} (\S+)$/.exec(line);
      if (!match) continue;
      const operation = /operation="([^"]*)"/.exec(match[1])?.[1] ?? '?';
      calls.set(operation, (calls.get(operation) ?? 0) + Number(match[2]));
    }
    return calls;
  }

  async startModel(project: string, version: string, units: number): Promise<string> {
    const data = await this.request<{ startModel: { status: string } }>(
      `mutation($p: String!, $v: String!, $u: Int!) { startModel(project: $p, version: $v, minInferenceUnits: $u, maxInferenceUnits: $u, wait: true, timeoutSeconds: 300) { status } }`,
      { p: project, v: version, u: units },
    );
    return data.startModel.status;
  }

  async stopModel(project: string, version: string): Promise<string> {
    const data = await this.request<{ stopModel: { status: string } }>(
      `mutation($p: String!, $v: String!) { stopModel(project: $p, version: $v, wait: true, timeoutSeconds: 300) { status } }`,
      { p: project, v: version },
    );
    return data.stopModel.status;
  }
}

export interface MultipartBody {
  headers: Record<string, string>;
  body: Buffer;
}

const BOUNDARY = '----lookoutgatewaybench7MA4YWxkTrZu0gW';

/** A GraphQL multipart request (graphql-multipart-request-spec) with `files` mapped to the given variable paths. */
export function multipartBody(query: string, variables: Record<string, unknown>, files: { path: string; bytes: Buffer; name: string; type: string }[]): MultipartBody {
  const part = (headers: string, content: Buffer | string) => [Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from('\r\n')];
  const map = Object.fromEntries(files.map((f, i) => [String(i), [f.path]]));
  const chunks = [
    ...part('Content-Disposition: form-data; name="operations"', JSON.stringify({ query, variables })),
    ...part('Content-Disposition: form-data; name="map"', JSON.stringify(map)),
    ...files.flatMap((f, i) => part(`Content-Disposition: form-data; name="${i}"; filename="${f.name}"\r\nContent-Type: ${f.type}`, f.bytes)),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ];
  return { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'apollo-require-preflight': 'true' }, body: Buffer.concat(chunks) };
}

export const DETECT_MUTATION = 'mutation($project: String!, $version: String!, $file: Upload!) { detectAnomalies(project: $project, version: $version, file: $file) { isAnomalous confidence } }';

export const ADD_IMAGES_MUTATION = 'mutation($project: String!, $images: [ImageInput!]!) { addImages(project: $project, images: $images) { status imageStats { total } } }';

export function detectBody(project: string, version: string, image: Buffer, type: 'image/png' | 'image/jpeg'): MultipartBody {
  return multipartBody(DETECT_MUTATION, { project, version, file: null }, [{ path: 'variables.file', bytes: image, name: type === 'image/png' ? 'image.png' : 'image.jpg', type }]);
}

export function addImageBody(project: string, image: Buffer, label: 'NORMAL' | 'ANOMALY' = 'NORMAL'): MultipartBody {
  return multipartBody(ADD_IMAGES_MUTATION, { project, images: [{ file: null, label }] }, [{ path: 'variables.images.0.file', bytes: image, name: 'image.png', type: 'image/png' }]);
}
