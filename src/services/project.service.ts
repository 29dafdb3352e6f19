import { Dataset, DatasetImageStats } from '../schema/dataset.type';
import { Project } from '../schema/project.type';
import type { Loaders } from './loaders';
import type { LookoutApi } from './lookout-api';
import { ErrorCode } from './error-codes';
import { gatewayError, projectNotFound } from './gateway-error';
import { fromDatasetType, toDataset, toImageStats, toProject } from './mappers';

export class ProjectService {
  constructor(
    private readonly api: LookoutApi,
    private readonly loaders: Loaders,
  ) {}

  /** Every project; without a promise when the list is in the shared read cache, so a cached query awaits nothing. */
  list(): Project[] | Promise<Project[]> {
    const settled = this.loaders.settledProjectList();
    return settled ? settled.map(toProject) : this.loaders.projectList().then((projects) => projects.map(toProject));
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
    if (dataset.imageStatsAsItWas !== undefined) return dataset.imageStatsAsItWas;
    const description = await this.loaders.dataset.load({ project: dataset.projectName, type: fromDatasetType(dataset.type) });
    return description ? toImageStats(description) : null;
  }

  async create(name: string): Promise<Project> {
    const created = toProject(await this.api.createProject(name));
    this.loaders.project.clear(name);
    return { ...created, datasets: [] };
  }

  /**
   * Deletes a project with its datasets. Model versions are not deleted with
   * it: a project that still has some is refused (CONFLICT), as Lookout does,
   * so no trained model goes by accident.
   */
  async delete(name: string): Promise<Project> {
    const project = await this.get(name);
    if (!project) throw projectNotFound(name);
    const models = await this.api.listModels(name);
    if (models.length > 0) {
      throw gatewayError(ErrorCode.CONFLICT, `Project ${name} still has ${models.length} model version(s); delete them first (deleteModelVersion).`, {
        resourceId: name,
        resourceType: 'PROJECT',
      });
    }
    // Read now, so the answer's imageStats are the datasets' as they were.
    const datasets = await Promise.all(
      (await this.datasets(project)).map(async (dataset) => {
        const description = await this.loaders.dataset.load({ project: name, type: fromDatasetType(dataset.type) });
        return { ...dataset, imageStatsAsItWas: description ? toImageStats(description) : null };
      }),
    );
    try {
      for (const dataset of datasets) await this.api.deleteDataset(name, fromDatasetType(dataset.type));
      await this.api.deleteProject(name);
    } finally {
      // Later fields of the same request (a createProject of that name, say) must not see it.
      this.loaders.project.clear(name);
      for (const dataset of datasets) this.loaders.dataset.clear({ project: name, type: fromDatasetType(dataset.type) });
    }
    return { ...project, datasets, deleted: true };
  }
}
