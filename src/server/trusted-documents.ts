import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { ConfigError } from '../util/config-values';
import { ErrorCode } from '../services/error-codes';
import { sendHttpError } from './http-errors';

/** `any`: every valid operation runs; `only`: only the trusted documents do. */
export type TrustedDocumentsMode = 'any' | 'only';

/**
 * The operations the project's own clients send (console, CLI, typed
 * client), keyed by the SHA-256 of their text: the manifest GraphQL Code
 * Generator writes (`persistedDocuments` in codegen.yml). With
 * `PERSISTED_OPERATIONS=only` the gateway runs these and nothing else — the
 * usual lock-down of a first-party GraphQL API.
 */
export class TrustedDocuments {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  static load(path: string): TrustedDocuments {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError(`The trusted documents manifest ${path} cannot be read: ${(error as Error).message}`);
    }
    return TrustedDocuments.from(parsed, path);
  }

  static from(manifest: unknown, source = 'manifest'): TrustedDocuments {
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new ConfigError(`${source} must be a JSON object of hash: document.`);
    const byHash = new Map<string, string>();
    for (const [hash, document] of Object.entries(manifest)) {
      if (typeof document !== 'string' || hashOf(document) !== hash) throw new ConfigError(`${source}: the entry ${hash} is not the SHA-256 of its document.`);
      byHash.set(hash, document);
    }
    return new TrustedDocuments(byHash);
  }

  /**
   * Every document of several manifests: a release's own and the ones before
   * it, so clients built against an earlier release keep working under
   * `only` until they are replaced (a changed operation is a new document).
   */
  static union(manifests: readonly TrustedDocuments[]): TrustedDocuments {
    return new TrustedDocuments(new Map(manifests.flatMap((manifest) => [...manifest.byHash])));
  }

  get size(): number {
    return this.byHash.size;
  }

  document(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  trusts(query: string): boolean {
    return this.byHash.has(hashOf(query));
  }

  /**
   * Apollo's persisted-query cache: trusted documents answer by hash; in
   * `any` mode clients may also register their own (automatic persisted
   * queries), in `only` mode nothing new is remembered.
   */
  apolloCache(mode: TrustedDocumentsMode): KeyValueCache<string> {
    const registered = mode === 'any' ? new InMemoryLRUCache<string>({ maxSize: 2 ** 22 }) : null;
    const prefix = 'apq:';
    const hashIn = (key: string) => (key.startsWith(prefix) ? key.slice(prefix.length) : key);
    return {
      get: async (key) => this.byHash.get(hashIn(key)) ?? registered?.get(key),
      set: async (key, value, options) => {
        if (!this.byHash.has(hashIn(key))) await registered?.set(key, value, options);
      },
      delete: async (key) => registered?.delete(key),
    };
  }
}

export function hashOf(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/**
 * Runs after the body is parsed (JSON or multipart), before Apollo. Turns a
 * `documentId` (the GraphQL-over-HTTP trusted documents form) into its text,
 * and in `only` mode refuses any operation text that is not a trusted
 * document; an operation sent by hash alone is left to Apollo's persisted
 * query lookup, which knows only the trusted documents in that mode.
 */
export function trustedDocumentsGate(documents: TrustedDocuments, mode: TrustedDocumentsMode): RequestHandler {
  return (req, res, next) => {
    const params = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (!params || typeof params !== 'object' || Array.isArray(params)) return next();
    if (typeof params.documentId === 'string' && req.method !== 'GET') {
      const id = params.documentId.replace(/^sha256:/, '');
      const document = documents.document(id);
      if (document === undefined) return refuse(res, 'PERSISTED_QUERY_NOT_FOUND', `No trusted document has the id ${params.documentId}.`);
      (req.body as Record<string, unknown>).query = document;
      delete (req.body as Record<string, unknown>).documentId;
      return next();
    }
    if (mode === 'only' && typeof params.query === 'string' && !documents.trusts(params.query)) {
      return refuse(res, ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, 'This gateway runs only its trusted documents; send one of them (by documentId, or by persisted query hash).');
    }
    next();
  };
}

function refuse(res: Parameters<RequestHandler>[1], code: string, message: string): void {
  sendHttpError(res, 400, code, message);
}
