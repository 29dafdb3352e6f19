/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation DetectAnomalies($project: String!, $version: String!, $file: Upload!) {\n  detectAnomalies(project: $project, version: $version, file: $file) {\n    isAnomalous\n    confidence\n    source {\n      type\n    }\n    anomalies {\n      name\n      pixelAnomaly {\n        totalPercentageArea\n        color\n      }\n    }\n    anomalyMask\n  }\n}": typeof types.DetectAnomaliesDocument,
    "query ModelVersions($project: String!) {\n  modelVersions(project: $project) {\n    project\n    version\n    arn\n    description\n    status\n    statusMessage\n    createdAt\n    performance {\n      f1Score\n      precision\n      recall\n    }\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelVersion($project: String!, $version: String!) {\n  modelVersion(project: $project, version: $version) {\n    project\n    version\n    status\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelStatus($project: String!, $version: String!) {\n  modelStatus(project: $project, version: $version) {\n    project\n    version\n    status\n    statusMessage\n    ready\n  }\n}\n\nmutation StartModel($project: String!, $version: String!, $minInferenceUnits: Int! = 1, $maxInferenceUnits: Int, $clientToken: String) {\n  startModel(\n    project: $project\n    version: $version\n    minInferenceUnits: $minInferenceUnits\n    maxInferenceUnits: $maxInferenceUnits\n    clientToken: $clientToken\n  ) {\n    project\n    version\n    status\n  }\n}\n\nmutation StopModel($project: String!, $version: String!, $clientToken: String) {\n  stopModel(project: $project, version: $version, clientToken: $clientToken) {\n    project\n    version\n    status\n  }\n}": typeof types.ModelVersionsDocument,
    "query Projects {\n  projects {\n    name\n    arn\n    createdAt\n    modelVersions {\n      version\n      status\n    }\n  }\n}\n\nquery Project($name: String!) {\n  project(name: $name) {\n    name\n    arn\n    createdAt\n    datasets {\n      type\n      status\n      statusMessage\n      imageStats {\n        total\n        labeled\n        normal\n        anomaly\n      }\n    }\n    latest: modelVersion(version: \"latest\") {\n      version\n      status\n    }\n  }\n}": typeof types.ProjectsDocument,
};
const documents: Documents = {
    "mutation DetectAnomalies($project: String!, $version: String!, $file: Upload!) {\n  detectAnomalies(project: $project, version: $version, file: $file) {\n    isAnomalous\n    confidence\n    source {\n      type\n    }\n    anomalies {\n      name\n      pixelAnomaly {\n        totalPercentageArea\n        color\n      }\n    }\n    anomalyMask\n  }\n}": types.DetectAnomaliesDocument,
    "query ModelVersions($project: String!) {\n  modelVersions(project: $project) {\n    project\n    version\n    arn\n    description\n    status\n    statusMessage\n    createdAt\n    performance {\n      f1Score\n      precision\n      recall\n    }\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelVersion($project: String!, $version: String!) {\n  modelVersion(project: $project, version: $version) {\n    project\n    version\n    status\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelStatus($project: String!, $version: String!) {\n  modelStatus(project: $project, version: $version) {\n    project\n    version\n    status\n    statusMessage\n    ready\n  }\n}\n\nmutation StartModel($project: String!, $version: String!, $minInferenceUnits: Int! = 1, $maxInferenceUnits: Int, $clientToken: String) {\n  startModel(\n    project: $project\n    version: $version\n    minInferenceUnits: $minInferenceUnits\n    maxInferenceUnits: $maxInferenceUnits\n    clientToken: $clientToken\n  ) {\n    project\n    version\n    status\n  }\n}\n\nmutation StopModel($project: String!, $version: String!, $clientToken: String) {\n  stopModel(project: $project, version: $version, clientToken: $clientToken) {\n    project\n    version\n    status\n  }\n}": types.ModelVersionsDocument,
    "query Projects {\n  projects {\n    name\n    arn\n    createdAt\n    modelVersions {\n      version\n      status\n    }\n  }\n}\n\nquery Project($name: String!) {\n  project(name: $name) {\n    name\n    arn\n    createdAt\n    datasets {\n      type\n      status\n      statusMessage\n      imageStats {\n        total\n        labeled\n        normal\n        anomaly\n      }\n    }\n    latest: modelVersion(version: \"latest\") {\n      version\n      status\n    }\n  }\n}": types.ProjectsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DetectAnomalies($project: String!, $version: String!, $file: Upload!) {\n  detectAnomalies(project: $project, version: $version, file: $file) {\n    isAnomalous\n    confidence\n    source {\n      type\n    }\n    anomalies {\n      name\n      pixelAnomaly {\n        totalPercentageArea\n        color\n      }\n    }\n    anomalyMask\n  }\n}"): (typeof documents)["mutation DetectAnomalies($project: String!, $version: String!, $file: Upload!) {\n  detectAnomalies(project: $project, version: $version, file: $file) {\n    isAnomalous\n    confidence\n    source {\n      type\n    }\n    anomalies {\n      name\n      pixelAnomaly {\n        totalPercentageArea\n        color\n      }\n    }\n    anomalyMask\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ModelVersions($project: String!) {\n  modelVersions(project: $project) {\n    project\n    version\n    arn\n    description\n    status\n    statusMessage\n    createdAt\n    performance {\n      f1Score\n      precision\n      recall\n    }\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelVersion($project: String!, $version: String!) {\n  modelVersion(project: $project, version: $version) {\n    project\n    version\n    status\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelStatus($project: String!, $version: String!) {\n  modelStatus(project: $project, version: $version) {\n    project\n    version\n    status\n    statusMessage\n    ready\n  }\n}\n\nmutation StartModel($project: String!, $version: String!, $minInferenceUnits: Int! = 1, $maxInferenceUnits: Int, $clientToken: String) {\n  startModel(\n    project: $project\n    version: $version\n    minInferenceUnits: $minInferenceUnits\n    maxInferenceUnits: $maxInferenceUnits\n    clientToken: $clientToken\n  ) {\n    project\n    version\n    status\n  }\n}\n\nmutation StopModel($project: String!, $version: String!, $clientToken: String) {\n  stopModel(project: $project, version: $version, clientToken: $clientToken) {\n    project\n    version\n    status\n  }\n}"): (typeof documents)["query ModelVersions($project: String!) {\n  modelVersions(project: $project) {\n    project\n    version\n    arn\n    description\n    status\n    statusMessage\n    createdAt\n    performance {\n      f1Score\n      precision\n      recall\n    }\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelVersion($project: String!, $version: String!) {\n  modelVersion(project: $project, version: $version) {\n    project\n    version\n    status\n    minInferenceUnits\n    maxInferenceUnits\n  }\n}\n\nquery ModelStatus($project: String!, $version: String!) {\n  modelStatus(project: $project, version: $version) {\n    project\n    version\n    status\n    statusMessage\n    ready\n  }\n}\n\nmutation StartModel($project: String!, $version: String!, $minInferenceUnits: Int! = 1, $maxInferenceUnits: Int, $clientToken: String) {\n  startModel(\n    project: $project\n    version: $version\n    minInferenceUnits: $minInferenceUnits\n    maxInferenceUnits: $maxInferenceUnits\n    clientToken: $clientToken\n  ) {\n    project\n    version\n    status\n  }\n}\n\nmutation StopModel($project: String!, $version: String!, $clientToken: String) {\n  stopModel(project: $project, version: $version, clientToken: $clientToken) {\n    project\n    version\n    status\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Projects {\n  projects {\n    name\n    arn\n    createdAt\n    modelVersions {\n      version\n      status\n    }\n  }\n}\n\nquery Project($name: String!) {\n  project(name: $name) {\n    name\n    arn\n    createdAt\n    datasets {\n      type\n      status\n      statusMessage\n      imageStats {\n        total\n        labeled\n        normal\n        anomaly\n      }\n    }\n    latest: modelVersion(version: \"latest\") {\n      version\n      status\n    }\n  }\n}"): (typeof documents)["query Projects {\n  projects {\n    name\n    arn\n    createdAt\n    modelVersions {\n      version\n      status\n    }\n  }\n}\n\nquery Project($name: String!) {\n  project(name: $name) {\n    name\n    arn\n    createdAt\n    datasets {\n      type\n      status\n      statusMessage\n      imageStats {\n        total\n        labeled\n        normal\n        anomaly\n      }\n    }\n    latest: modelVersion(version: \"latest\") {\n      version\n      status\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;