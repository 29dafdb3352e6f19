import { parseId } from '../schema/global-id';
import type { Node } from '../schema/node.type';
import { badInput } from './gateway-error';
import type { ModelService } from './model.service';
import type { ProjectService } from './project.service';
import type { DatasetService } from './dataset.service';

/** `node(id)`: whatever object an id of this API names, fetched again; null when it no longer exists. */
export class NodeService {
  constructor(
    private readonly projects: ProjectService,
    private readonly models: ModelService,
    private readonly datasets: DatasetService,
  ) {}

  async find(id: string): Promise<Node | null> {
    const parsed = parseId(id);
    if (!parsed) throw badInput('id', 'id is not an id this API gave out.');
    switch (parsed.type) {
      // An ARN names its region and account too: one of another account's project answers null, not this one's.
      case 'Project':
        return this.projects.get(parsed.project).then((found) => (found?.id === id ? found : null));
      case 'ModelVersion':
        return this.models.get(parsed.project, parsed.version).then((found) => (found?.id === id ? found : null));
      case 'Dataset': {
        const [project] = parsed.key.split('/');
        const found = await this.projects.get(project);
        if (!found) return null;
        return (await this.projects.datasets(found)).find((d) => d.id === id) ?? null;
      }
      case 'DatasetEntry': {
        const match = /^([^/]+)\/(train|test)\/(.+)$/s.exec(parsed.key);
        return match ? this.datasets.entry(match[1], match[2] as 'train' | 'test', match[3]) : null;
      }
      default:
        return null;
    }
  }
}
