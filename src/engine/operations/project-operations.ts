import { conflict, notFound, quotaExceeded } from '../http/aws-error';
import type { IdempotentOperation, Operation, PlainOperation } from '../http/operation';
import { projectName } from '../http/validate';
import type { EngineContext } from '../engine-context';
import { page, pageRequest } from './pagination';
import { datasetMetadata, projectMetadata } from './views';

export function requireProject(engine: EngineContext, name: string) {
  const project = engine.stores.projects.get(name);
  if (!project) throw notFound('PROJECT', name);
  return project;
}

export const CreateProject: IdempotentOperation = {
  name: 'CreateProject',
  method: 'POST',
  path: '/projects',
  successStatus: 200,
  idempotent: true,
  handle(req, engine) {
    const name = projectName(req.json.ProjectName);
    if (engine.stores.projects.get(name)) throw conflict('PROJECT', name, `A project named ${name} already exists.`);
    if (engine.stores.projects.count() >= engine.limits.maxProjects) {
      throw quotaExceeded(`The account already has ${engine.limits.maxProjects} projects.`, 'L-PROJECTS', 'PROJECT');
    }
    const row = { name, arn: engine.arns.project(name), created_at: engine.now() };
    engine.stores.projects.insert(row);
    return { ProjectMetadata: projectMetadata(row) };
  },
};

export const DescribeProject: PlainOperation = {
  name: 'DescribeProject',
  method: 'GET',
  path: '/projects/{ProjectName}',
  successStatus: 200,
  handle(req, engine) {
    const project = requireProject(engine, projectName(req.params.ProjectName));
    return {
      ProjectDescription: {
        ...projectMetadata(project),
        Datasets: engine.stores.datasets.ofProject(project.name).map(datasetMetadata),
      },
    };
  },
};

export const ListProjects: PlainOperation = {
  name: 'ListProjects',
  method: 'GET',
  path: '/projects',
  successStatus: 200,
  handle(req, engine) {
    const { after, limit } = pageRequest<string>(req.query, 'string', 'ListProjects');
    const { items, NextToken } = page(engine.stores.projects.page(after, limit + 1), limit, (p) => p.name, 'ListProjects');
    return { Projects: items.map(projectMetadata), NextToken };
  },
};

export const DeleteProject: IdempotentOperation = {
  name: 'DeleteProject',
  method: 'DELETE',
  path: '/projects/{ProjectName}',
  successStatus: 200,
  idempotent: true,
  handle(req, engine) {
    const project = requireProject(engine, projectName(req.params.ProjectName));
    if (engine.stores.datasets.ofProject(project.name).length > 0) {
      throw conflict('PROJECT', project.name, `Project ${project.name} still has datasets; delete them first.`);
    }
    if (engine.stores.models.countOf(project.name) > 0) {
      throw conflict('PROJECT', project.name, `Project ${project.name} still has models; delete them first.`);
    }
    engine.stores.tags.removeAll(project.arn);
    engine.stores.models.forgetProject(project.name);
    engine.stores.projects.delete(project.name);
    return { ProjectArn: project.arn };
  },
};

export const projectOperations: Operation[] = [CreateProject, DescribeProject, ListProjects, DeleteProject];
