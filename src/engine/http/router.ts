import { validation } from './aws-error';
import type { Operation } from './operation';

export const API_PREFIX = '/2020-11-20';

interface Route {
  operation: Operation;
  segments: { literal?: string; label?: string }[];
}

export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

/**
 * Matches the raw (still percent-encoded) path segment by segment, then
 * decodes each label: a tag ARN arrives as one segment with %2F inside.
 */
export class Router {
  private readonly routes: Route[];

  constructor(operations: Operation[]) {
    this.routes = operations.map((operation) => ({
      operation,
      segments: (API_PREFIX + operation.path)
        .split('/')
        .slice(1)
        .map((s) => (s.startsWith('{') ? { label: s.slice(1, -1) } : { literal: s })),
    }));
  }

  /** The operation for a request; `null` for an unknown path; `'method'` for a known path with another method. */
  match(method: string, rawPath: string): RouteMatch | null | 'method' {
    const parts = rawPath.split('/').slice(1);
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((segment, i) => {
        if (segment.literal !== undefined) return segment.literal === parts[i];
        if (!segment.label || parts[i] === '') return false;
        params[segment.label] = decode(parts[i]);
        return true;
      });
      if (!ok) continue;
      pathMatched = true;
      if (route.operation.method === method) return { operation: route.operation, params };
    }
    return pathMatched ? 'method' : null;
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw validation(`The path segment ${segment} is not valid percent-encoding.`);
  }
}
