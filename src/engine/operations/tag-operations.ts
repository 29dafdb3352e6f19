import type { EngineContext } from '../engine-context';
import { notFound, quotaExceeded, validation } from '../http/aws-error';
import type { Operation, PlainOperation } from '../http/operation';
import { LOOKOUT_LIMITS, LOOKOUT_RULES } from '../../lookout/constraints';
import { requireString } from '../http/validate';
import type { Tag } from '../store/tag-store';

const MAX_TAGS_PER_RESOURCE = LOOKOUT_LIMITS.tagsPerResource;

/** The ARN of an existing project or model of this engine. */
function requireTaggable(engine: EngineContext, raw: string | undefined): string {
  const arn = requireString(raw, 'ResourceArn', LOOKOUT_RULES.resourceArn);
  const parsed = engine.arns.parse(arn);
  if (!parsed) throw validation(`${arn} is not the ARN of a Lookout for Vision project or model in this region and account.`);
  if (parsed.kind === 'project') {
    if (!engine.stores.projects.get(parsed.project)) throw notFound('PROJECT', parsed.project);
  } else if (!/^[1-9][0-9]*$/.test(parsed.version) || !engine.stores.models.get(parsed.project, Number(parsed.version))) {
    throw notFound('MODEL', `${parsed.project}/${parsed.version}`);
  }
  return arn;
}

function tagKey(value: unknown, name: string): string {
  const key = requireString(value, name, LOOKOUT_RULES.tagKey);
  if (key.toLowerCase().startsWith('aws:')) throw validation(`${name} ${key} uses the reserved prefix aws:.`);
  return key;
}

export function parseTags(value: unknown): Tag[] {
  if (!Array.isArray(value)) throw validation('Tags must be a list.');
  if (value.length > LOOKOUT_LIMITS.tagsPerRequest) throw validation(`Tags must have at most ${LOOKOUT_LIMITS.tagsPerRequest} members.`);
  return value.map((t, i) => {
    const tag = (t ?? {}) as Record<string, unknown>;
    return { Key: tagKey(tag.Key, `Tags[${i}].Key`), Value: requireString(tag.Value, `Tags[${i}].Value`, LOOKOUT_RULES.tagValue) };
  });
}

/** Checks the per-resource limit before `tags` are added to `arn`. */
export function checkTagQuota(engine: EngineContext, arn: string, tags: Tag[]): void {
  if (engine.stores.tags.countWith(arn, tags.map((t) => t.Key)) > MAX_TAGS_PER_RESOURCE) {
    throw quotaExceeded(`A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`, 'L-TAGS');
  }
}

export const TagResource: PlainOperation = {
  name: 'TagResource',
  method: 'POST',
  path: '/tags/{ResourceArn}',
  successStatus: 200,
  handle(req, engine) {
    const tags = parseTags(req.json.Tags);
    const arn = requireTaggable(engine, req.params.ResourceArn);
    engine.db.transaction(() => {
      checkTagQuota(engine, arn, tags);
      engine.stores.tags.put(arn, tags);
    })();
    return {};
  },
};

export const UntagResource: PlainOperation = {
  name: 'UntagResource',
  method: 'DELETE',
  path: '/tags/{ResourceArn}',
  successStatus: 200,
  handle(req, engine) {
    const keys = req.query.getAll('tagKeys');
    if (keys.length === 0) throw validation('TagKeys is required.');
    if (keys.length > LOOKOUT_LIMITS.tagsPerRequest) throw validation(`TagKeys must have at most ${LOOKOUT_LIMITS.tagsPerRequest} members.`);
    keys.forEach((k, i) => tagKey(k, `TagKeys[${i}]`));
    const arn = requireTaggable(engine, req.params.ResourceArn);
    engine.stores.tags.remove(arn, keys);
    return {};
  },
};

export const ListTagsForResource: PlainOperation = {
  name: 'ListTagsForResource',
  method: 'GET',
  path: '/tags/{ResourceArn}',
  successStatus: 200,
  handle(req, engine) {
    const arn = requireTaggable(engine, req.params.ResourceArn);
    return { Tags: engine.stores.tags.list(arn) };
  },
};

export const tagOperations: Operation[] = [TagResource, UntagResource, ListTagsForResource];
