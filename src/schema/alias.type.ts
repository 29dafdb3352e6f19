import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A name for one version of a project\'s model (e.g. production), usable wherever a version is taken.' })
export class ModelAlias {
  /** The project, for the version's field resolver. */
  project!: string;

  @Field() name!: string;
  @Field({ description: 'The version number the alias names now.' }) version!: string;
}

@ObjectType({
  description:
    'What setModelAlias, removeModelAlias or promoteModel changed: the alias, the version it names now and the one it named before, ' +
    'each as it is now, so client caches update Project.aliases and ModelVersion.aliases without a refetch.',
})
export class ModelAliasChange {
  @Field() alias!: string;
  /** The project's name, for the project field. */
  projectName!: string;

  @Field(() => String, { nullable: true, description: 'The version the alias names now; null once it is removed.' }) version!: string | null;
  @Field(() => String, { nullable: true, description: 'The version it named before; null when it is new.' }) previousVersion!: string | null;
  @Field({ description: 'promoteModel with stopPrevious: whether it stopped the previous version (not when another alias still names it).' })
  stoppedPrevious!: boolean;
}
