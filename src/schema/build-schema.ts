import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
// type-graphql lists root fields in the order their classes are loaded, so
// these imports keep the SDL in the contract's order: projects, models, detection.
import { ProjectResolver } from '../resolvers/project.resolver';
import { ModelResolver } from '../resolvers/model.resolver';
import { DetectionResolver } from '../resolvers/detection.resolver';
import { DatasetResolver } from '../resolvers/dataset.resolver';
import { RuntimeResolver } from '../resolvers/runtime.resolver';
import { HostingChangeResolver, NodeResolver } from '../resolvers/node.resolver';
import { TrainingResolver } from '../resolvers/training.resolver';
import { DatasetEntriesResolver } from '../resolvers/dataset-entries.resolver';
import { ModelStatusResolver } from '../resolvers/model-status.resolver';
import { AliasResolver, ModelAliasResolver, ModelVersionAliasesResolver, ProjectAliasesResolver } from '../resolvers/alias.resolver';
import { EvaluationResolver } from '../resolvers/evaluation.resolver';
import { ViewerResolver } from '../resolvers/viewer.resolver';
import { DatasetEntryThumbnailResolver } from '../resolvers/thumbnail.resolver';
import { DateTimeScalar } from './scalars';
import { unusedPubSub } from './unused-pub-sub';
import { validateArgs } from './validate-args';
import { checkRequiredRoles } from './required-roles';

let schema: GraphQLSchema | undefined;

/** The gateway's executable schema; built once, since type metadata is global. */
export function buildGatewaySchema(): GraphQLSchema {
  schema ??= checkRequiredRoles(buildSchemaSync({
    resolvers: [ProjectResolver, ModelResolver, DetectionResolver, DatasetResolver, RuntimeResolver, ModelStatusResolver, NodeResolver, HostingChangeResolver, TrainingResolver, DatasetEntriesResolver,
      AliasResolver, ModelAliasResolver, ProjectAliasesResolver, ModelVersionAliasesResolver, EvaluationResolver, ViewerResolver, DatasetEntryThumbnailResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgs,
    pubSub: unusedPubSub,
  }));
  return schema;
}
