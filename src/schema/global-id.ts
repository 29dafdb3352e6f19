/**
 * Ids of objects: a project's or model's ARN (what AWS tooling calls it), and
 * for objects Lookout gives no ARN, Relay's convention: base64url of
 * `Type:key`.
 */

export type NodeTypeName = 'Project' | 'ModelVersion' | 'Dataset' | 'DatasetEntry';

const ARN = /^arn:aws[a-z-]*:lookoutvision:[^:]*:[0-9]*:(project|model)\/(.+)$/;

export function globalId(type: Exclude<NodeTypeName, 'Project' | 'ModelVersion'>, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export type ParsedId =
  | { type: 'Project'; project: string }
  | { type: 'ModelVersion'; project: string; version: string }
  | { type: 'Dataset' | 'DatasetEntry'; key: string };

/** What an id names, or null for an id this API did not make. */
export function parseId(id: string): ParsedId | null {
  const arn = ARN.exec(id);
  if (arn) {
    if (arn[1] === 'project') return /^[^/]+$/.test(arn[2]) ? { type: 'Project', project: arn[2] } : null;
    const [project, version, ...rest] = arn[2].split('/');
    return project && version && rest.length === 0 ? { type: 'ModelVersion', project, version } : null;
  }
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const match = /^(Dataset|DatasetEntry):(.+)$/s.exec(decoded);
  return match ? { type: match[1] as 'Dataset' | 'DatasetEntry', key: match[2] } : null;
}

export function nodeTypeOf(id: string): NodeTypeName | null {
  return parseId(id)?.type ?? null;
}
