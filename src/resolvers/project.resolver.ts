import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Authorized } from '../schema/required-roles';
import type { Role } from '../auth/roles';
import type { GatewayContext } from '../server/context';
import { Dataset } from '../schema/dataset.type';
import { VersionOfProjectArgs } from '../schema/model.args';
import { ModelVersion } from '../schema/model.type';
import { ProjectByNameArgs } from '../schema/project.args';
import { Project } from '../schema/project.type';
import { LOOKOUT_CALL, listOf, oneOf } from './complexity';

@Resolver(() => Project)
export class ProjectResolver {
  // Drains every ListProjects page, so even an empty answer costs a call.
  @Authorized<Role>('viewer')
  @Query(() => [Project], { description: 'Every project, across all pages of ListProjects.', complexity: listOf(10, LOOKOUT_CALL) })
  projects(@Ctx() ctx: GatewayContext): Project[] | Promise<Project[]> {
    return ctx.projects.list();
  }

  @Authorized<Role>('viewer')
  @Query(() => Project, { nullable: true, description: 'The project, or null when it does not exist.', complexity: oneOf(LOOKOUT_CALL) })
  project(@Args() { name }: ProjectByNameArgs, @Ctx() ctx: GatewayContext): Promise<Project | null> {
    return ctx.projects.get(name);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Project, { description: 'Creates an empty project. Needs the admin role.', complexity: oneOf(LOOKOUT_CALL) })
  createProject(@Args() { name }: ProjectByNameArgs, @Ctx() ctx: GatewayContext): Promise<Project> {
    return ctx.projects.create(name);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Project, {
    description: 'Deletes a project and its datasets; refused (CONFLICT) while it has model versions. Answers the project as it was. Needs the admin role.',
    complexity: oneOf(4 * LOOKOUT_CALL),
  })
  deleteProject(@Args() { name }: ProjectByNameArgs, @Ctx() ctx: GatewayContext): Promise<Project> {
    return ctx.projects.delete(name);
  }

  @FieldResolver(() => [Dataset], { complexity: listOf(2, LOOKOUT_CALL) })
  datasets(@Root() project: Project, @Ctx() ctx: GatewayContext): Promise<Dataset[]> {
    return ctx.projects.datasets(project);
  }

  @FieldResolver(() => [ModelVersion], { complexity: listOf(10, LOOKOUT_CALL) })
  modelVersions(@Root() project: Project, @Ctx() ctx: GatewayContext): ModelVersion[] | Promise<ModelVersion[]> {
    // A deleted project had none: deleteProject refuses a project with model versions.
    if (project.deleted) return [];
    return ctx.models.versions(project.name);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'A version number, "latest", or an alias name; null when it does not exist.', complexity: oneOf(LOOKOUT_CALL) })
  modelVersion(@Root() project: Project, @Args() { version }: VersionOfProjectArgs, @Ctx() ctx: GatewayContext): Promise<ModelVersion | null> {
    if (project.deleted) return Promise.resolve(null);
    return ctx.models.get(project.name, version);
  }
}
