import type { RequestHandler } from 'express';
import { LOOKOUT_RULES, satisfies } from '../lookout/constraints';
import { ModelStatus } from '../schema/enums';
import { ErrorCode } from '../services/error-codes';
import type { LookoutApi } from '../services/lookout-api';
import { isAliasName } from '../runtime/alias-tags';
import type { ModelAliases } from '../runtime/model-aliases';
import { noSuchAlias } from '../services/version-resolver';
import { identityOf } from './authentication';
import { sendHttpError } from './http-errors';
import { currentRequest } from './request-id';

/** HTTP statuses of the failures a DescribeModel call can end in; any other (upstream) failure is 503. */
const STATUS_BY_CODE: Partial<Record<string, number>> = {
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.THROTTLED]: 429,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

const KNOWN_STATUSES = new Set<string>(Object.values(ModelStatus));

/**
 * `GET /models/:project/:version/ready`, as model servers answer readiness:
 * 200 `{"status":"HOSTED","ready":true}` when the model can detect, else 503
 * with its status, so a load balancer or a deploy script can wait on one
 * model. One DescribeModel call (and for an alias, such as `production`,
 * the ListTagsForResource that reads it); behind the same authentication as /graphql.
 */
export function modelReadiness(api: LookoutApi, aliases: Pick<ModelAliases, 'targetOf'>, log: (message: string, error: unknown) => void): RequestHandler {
  return async (req, res) => {
    const request = currentRequest();
    if (request) request.caller = identityOf(res.locals).name;
    const { project, version } = req.params as { project: string; version: string };
    if (!satisfies(project, LOOKOUT_RULES.projectName)) {
      return sendHttpError(res, 400, ErrorCode.BAD_USER_INPUT, 'The project name is not a valid Lookout project name.', { argument: 'project' });
    }
    if (!satisfies(version, LOOKOUT_RULES.modelVersion) && !isAliasName(version)) {
      return sendHttpError(res, 400, ErrorCode.BAD_USER_INPUT, 'The model version must be a positive whole number, "latest" or an alias name.', { argument: 'version' });
    }
    res.setHeader('cache-control', 'no-store');
    try {
      const model = await api.describeModel(project, isAliasName(version) ? await aliasTarget(aliases, project, version) : version);
      const status = model.Status && KNOWN_STATUSES.has(model.Status) ? model.Status : ModelStatus.UNKNOWN;
      const ready = status === ModelStatus.HOSTED;
      res.status(ready ? 200 : 503).json({ status, ready, ...(ready || !model.StatusMessage ? {} : { statusMessage: model.StatusMessage }) });
    } catch (error) {
      // LookoutApi has already turned the failure into a coded GraphQL error (lookout-errors.ts).
      const extensions = (error as { extensions?: { code?: string; retryAfterSeconds?: number } }).extensions ?? {};
      const code = extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
      const status = STATUS_BY_CODE[code] ?? 503;
      if (status === 500) {
        log('unexpected error answering a model readiness probe', error);
        return sendHttpError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.');
      }
      if (extensions.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(extensions.retryAfterSeconds));
      sendHttpError(res, status, code, (error as Error).message, extensions.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: extensions.retryAfterSeconds });
    }
  };
}

async function aliasTarget(aliases: Pick<ModelAliases, 'targetOf'>, project: string, alias: string): Promise<string> {
  const target = await aliases.targetOf({ project, alias });
  if (target === null) throw noSuchAlias(project, alias);
  return target;
}
