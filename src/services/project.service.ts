import { Dataset, DatasetImageStats } from '../schema/dataset.type';
import { Project } from '../schema/project.type';
import type { Loaders } from './loaders';
import type { LookoutApi } from './lookout-api';
import { fromDatasetType, toDataset, toImageStats, toProject } from './mappers';

export class ProjectService {
  constructor(
    private readonly api: LookoutApi,
    private readonly loaders: Loaders,
  ) {}

  async list(): Promise<Project[]> {
    const projects = await this.api.listProjects();
    return projects.map(toProject);
  }

  /** The project, or null when it does not exist. */
  async get(name: string): Promise<Project | null> {
    const description = await this.loaders.project.load(name);
    return description ? toProject(description) : null;
  }

  async datasets(project: Project): Promise<Dataset[]> {
    if (project.datasets) return project.datasets;
    const description = await this.loaders.project.load(project.name);
    return (description?.Datasets ?? []).map((d) => toDataset(project.name, d));
  }

  async imageStats(dataset: Dataset): Promise<DatasetImageStats | null> {
    const description = await this.loaders.dataset.load({ project: dataset.projectName, type: fromDatasetType(dataset.type) });
    return description ? toImageStats(description) : null;
  }
}
