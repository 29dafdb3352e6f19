/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `Upload` scalar type represents a file upload. */
  Upload: { input: File; output: File; }
};

/** One anomaly class found by a segmentation model. */
export type Anomaly = {
  __typename?: 'Anomaly';
  name: Scalars['String']['output'];
  pixelAnomaly?: Maybe<PixelAnomaly>;
};

/** The training or test images of a project. */
export type Dataset = {
  __typename?: 'Dataset';
  createdAt: Scalars['DateTime']['output'];
  imageStats?: Maybe<DatasetImageStats>;
  /** CREATE_COMPLETE, UPDATE_IN_PROGRESS, ... as Lookout reports it. */
  status: Scalars['String']['output'];
  statusMessage?: Maybe<Scalars['String']['output']>;
  type: DatasetType;
};

/** Image counts of a dataset. */
export type DatasetImageStats = {
  __typename?: 'DatasetImageStats';
  anomaly: Scalars['Int']['output'];
  labeled: Scalars['Int']['output'];
  normal: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

/** A project has at most one dataset of each type. */
export type DatasetType =
  | 'TEST'
  | 'TRAIN';

/** The verdict of a model on one image. */
export type DetectAnomalyResult = {
  __typename?: 'DetectAnomalyResult';
  /** Segmentation models only: background first, then each class. */
  anomalies: Array<Anomaly>;
  /** Segmentation models only: the mask PNG, base64. */
  anomalyMask?: Maybe<Scalars['String']['output']>;
  /** Confidence of the verdict, 0 to 1. */
  confidence: Scalars['Float']['output'];
  isAnomalous: Scalars['Boolean']['output'];
  source: ImageSource;
};

/** Where the analysed image came from. */
export type ImageSource = {
  __typename?: 'ImageSource';
  /** "direct" for an image sent in the request. */
  type: Scalars['String']['output'];
};

/** The hosting state a start or stop request moved the model to. */
export type ModelHostingChange = {
  __typename?: 'ModelHostingChange';
  project: Scalars['String']['output'];
  status: ModelStatus;
  version: Scalars['String']['output'];
};

/** Evaluation of a trained model on its test images. */
export type ModelPerformance = {
  __typename?: 'ModelPerformance';
  f1Score?: Maybe<Scalars['Float']['output']>;
  precision?: Maybe<Scalars['Float']['output']>;
  recall?: Maybe<Scalars['Float']['output']>;
};

/** Lifecycle state of a model version. */
export type ModelStatus =
  | 'DELETING'
  | 'HOSTED'
  | 'HOSTING_FAILED'
  | 'STARTING_HOSTING'
  | 'STOPPING_HOSTING'
  | 'SYSTEM_UPDATING'
  | 'TRAINED'
  | 'TRAINING'
  | 'TRAINING_FAILED'
  /** Lookout reported a status this gateway does not know; statusMessage names it. */
  | 'UNKNOWN';

/** Whether a model version can serve detections now. */
export type ModelStatusReport = {
  __typename?: 'ModelStatusReport';
  project: Scalars['String']['output'];
  /** True when the model is HOSTED and accepts detectAnomalies. */
  ready: Scalars['Boolean']['output'];
  status: ModelStatus;
  statusMessage?: Maybe<Scalars['String']['output']>;
  version: Scalars['String']['output'];
};

/** One trained (or training) version of a project's model. */
export type ModelVersion = {
  __typename?: 'ModelVersion';
  arn: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** Upper bound for automatic scaling of inference units. */
  maxInferenceUnits?: Maybe<Scalars['Int']['output']>;
  /** Inference units the model was started with. */
  minInferenceUnits?: Maybe<Scalars['Int']['output']>;
  performance?: Maybe<ModelPerformance>;
  project: Scalars['String']['output'];
  status: ModelStatus;
  statusMessage?: Maybe<Scalars['String']['output']>;
  version: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Runs a HOSTED model on one PNG or JPEG image, sent as a GraphQL multipart request. Needs the inference role. */
  detectAnomalies: DetectAnomalyResult;
  /** Starts hosting a TRAINED model. Hosting is billed per inference unit hour. Needs the admin role. */
  startModel: ModelHostingChange;
  /** Stops hosting a HOSTED model. Needs the admin role. */
  stopModel: ModelHostingChange;
};


export type MutationDetectAnomaliesArgs = {
  file: Scalars['Upload']['input'];
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type MutationStartModelArgs = {
  clientToken?: InputMaybe<Scalars['String']['input']>;
  maxInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  minInferenceUnits?: Scalars['Int']['input'];
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type MutationStopModelArgs = {
  clientToken?: InputMaybe<Scalars['String']['input']>;
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};

/** Share of the image covered by one anomaly class. */
export type PixelAnomaly = {
  __typename?: 'PixelAnomaly';
  /** Colour of the class in the anomaly mask, #RRGGBB. */
  color: Scalars['String']['output'];
  /** Share of the image this class covers, from 0 to 1, as Lookout reports it. */
  totalPercentageArea: Scalars['Float']['output'];
};

/** A Lookout for Vision project: datasets plus model versions. */
export type Project = {
  __typename?: 'Project';
  arn: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  datasets: Array<Dataset>;
  /** A version number, or "latest". */
  modelVersion?: Maybe<ModelVersion>;
  modelVersions: Array<ModelVersion>;
  name: Scalars['String']['output'];
};


/** A Lookout for Vision project: datasets plus model versions. */
export type ProjectModelVersionArgs = {
  version: Scalars['String']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** Current status of a model version; NOT_FOUND when it does not exist. */
  modelStatus: ModelStatusReport;
  /** The version ("latest" allowed), or null when it does not exist. */
  modelVersion?: Maybe<ModelVersion>;
  /** Every model version of a project. */
  modelVersions: Array<ModelVersion>;
  /** The project, or null when it does not exist. */
  project?: Maybe<Project>;
  /** Every project, across all pages of ListProjects. */
  projects: Array<Project>;
};


export type QueryModelStatusArgs = {
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type QueryModelVersionArgs = {
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type QueryModelVersionsArgs = {
  project: Scalars['String']['input'];
};


export type QueryProjectArgs = {
  name: Scalars['String']['input'];
};

export type DetectAnomaliesMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  file: Scalars['Upload']['input'];
}>;


export type DetectAnomaliesMutation = { __typename?: 'Mutation', detectAnomalies: { __typename?: 'DetectAnomalyResult', isAnomalous: boolean, confidence: number, anomalyMask?: string | null, source: { __typename?: 'ImageSource', type: string }, anomalies: Array<{ __typename?: 'Anomaly', name: string, pixelAnomaly?: { __typename?: 'PixelAnomaly', totalPercentageArea: number, color: string } | null }> } };

export type ModelVersionsQueryVariables = Exact<{
  project: Scalars['String']['input'];
}>;


export type ModelVersionsQuery = { __typename?: 'Query', modelVersions: Array<{ __typename?: 'ModelVersion', project: string, version: string, arn: string, description?: string | null, status: ModelStatus, statusMessage?: string | null, createdAt: string, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null }> };

export type ModelVersionQueryVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type ModelVersionQuery = { __typename?: 'Query', modelVersion?: { __typename?: 'ModelVersion', project: string, version: string, status: ModelStatus, minInferenceUnits?: number | null, maxInferenceUnits?: number | null } | null };

export type ModelStatusQueryVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type ModelStatusQuery = { __typename?: 'Query', modelStatus: { __typename?: 'ModelStatusReport', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean } };

export type StartModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  minInferenceUnits?: Scalars['Int']['input'];
  maxInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  clientToken?: InputMaybe<Scalars['String']['input']>;
}>;


export type StartModelMutation = { __typename?: 'Mutation', startModel: { __typename?: 'ModelHostingChange', project: string, version: string, status: ModelStatus } };

export type StopModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  clientToken?: InputMaybe<Scalars['String']['input']>;
}>;


export type StopModelMutation = { __typename?: 'Mutation', stopModel: { __typename?: 'ModelHostingChange', project: string, version: string, status: ModelStatus } };

export type ProjectsWithModelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectsWithModelsQuery = { __typename?: 'Query', projects: Array<{ __typename?: 'Project', name: string, modelVersions: Array<{ __typename?: 'ModelVersion', version: string, status: ModelStatus }> }> };

export type SameModelTwiceQueryVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type SameModelTwiceQuery = { __typename?: 'Query', first?: { __typename?: 'ModelVersion', status: ModelStatus } | null, second?: { __typename?: 'ModelVersion', minInferenceUnits?: number | null, maxInferenceUnits?: number | null } | null, status: { __typename?: 'ModelStatusReport', ready: boolean }, project?: { __typename?: 'Project', modelVersion?: { __typename?: 'ModelVersion', arn: string } | null } | null };

export type ProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectsQuery = { __typename?: 'Query', projects: Array<{ __typename?: 'Project', name: string, arn: string, createdAt: string, modelVersions: Array<{ __typename?: 'ModelVersion', version: string, status: ModelStatus }> }> };

export type ProjectQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type ProjectQuery = { __typename?: 'Query', project?: { __typename?: 'Project', name: string, arn: string, createdAt: string, datasets: Array<{ __typename?: 'Dataset', type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null }>, latest?: { __typename?: 'ModelVersion', version: string, status: ModelStatus } | null } | null };


export const DetectAnomaliesDocument = {"__meta__":{"hash":"5bc869c619d7bafb86523940edc361a9ef6dbc47539f210907a1152a14b83af0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DetectAnomalies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detectAnomalies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isAnomalous"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pixelAnomaly"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalPercentageArea"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"anomalyMask"}}]}}]}}]} as unknown as DocumentNode<DetectAnomaliesMutation, DetectAnomaliesMutationVariables>;
export const ModelVersionsDocument = {"__meta__":{"hash":"d3757f680bf6493bf333d9eaaf6afa3f89bdaae428e98dbb1a914ef58adbcb29"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}}]}}]}}]} as unknown as DocumentNode<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const ModelVersionDocument = {"__meta__":{"hash":"f4e6b55df117d21ff713f5fa3fb6915167eb53f74185a76cc811eaeaaea0257e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}}]}}]}}]} as unknown as DocumentNode<ModelVersionQuery, ModelVersionQueryVariables>;
export const ModelStatusDocument = {"__meta__":{"hash":"c31fd792105cbdab9de3a2d52d812bb53c6f57ece9dfd5ef34c07793862bd320"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]}}]} as unknown as DocumentNode<ModelStatusQuery, ModelStatusQueryVariables>;
export const StartModelDocument = {"__meta__":{"hash":"284758ae24e3310f223cec818ab8ea93cf39bf3a24b4bcdd7eb569550d2e33b3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"1"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"minInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<StartModelMutation, StartModelMutationVariables>;
export const StopModelDocument = {"__meta__":{"hash":"6dfc6ffcc2be55ff0fb948d830e006224aecdd02a8f16f6558f9f959003355c1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StopModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<StopModelMutation, StopModelMutationVariables>;
export const ProjectsWithModelsDocument = {"__meta__":{"hash":"efa57f54dd4eca2d7cec54229f86048c2826f187eeb2bbae3dd4a763eb6896d9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectsWithModels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectsWithModelsQuery, ProjectsWithModelsQueryVariables>;
export const SameModelTwiceDocument = {"__meta__":{"hash":"30f727c6af209dcb7197897f86fe28c449da8641e1d5b3642f0c93f7da3dd631"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SameModelTwice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"second"},"name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"status"},"name":{"kind":"Name","value":"modelStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}},{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"arn"}}]}}]}}]}}]} as unknown as DocumentNode<SameModelTwiceQuery, SameModelTwiceQueryVariables>;
export const ProjectsDocument = {"__meta__":{"hash":"9e57ff798a0e9dbae5ac4a3e98bd63636f874f6760038157b7a658d72f1b36e7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectsQuery, ProjectsQueryVariables>;
export const ProjectDocument = {"__meta__":{"hash":"62a2f57c999b7080ef8d256fe1be129485d00969f2417b5dd6fdd639d7858847"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Project"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"latest"},"name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"StringValue","value":"latest","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectQuery, ProjectQueryVariables>;