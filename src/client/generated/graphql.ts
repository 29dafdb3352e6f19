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

/** One anomaly class of a segmentation mask: the colour its pixels have in the mask. */
export type AnomalyClass = {
  __typename?: 'AnomalyClass';
  /** #RRGGBB */
  color: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

/** A class of a segmentation mask: the colour its pixels have. */
export type AnomalyClassInput = {
  /** #RRGGBB, e.g. #23A436. */
  color: Scalars['String']['input'];
  /** 1-256 letters or digits, e.g. cracked. */
  name: Scalars['String']['input'];
};

/** Images of the evaluation by the truth and the model's verdict, anomaly being the positive class. */
export type ConfusionCounts = {
  __typename?: 'ConfusionCounts';
  /** Anomalous images found normal. */
  fn: Scalars['Int']['output'];
  /** Normal images found anomalous. */
  fp: Scalars['Int']['output'];
  /** Normal images found normal. */
  tn: Scalars['Int']['output'];
  /** Anomalous images found anomalous. */
  tp: Scalars['Int']['output'];
};

/** How the caller proved who it is: an API key, a JWT, or nothing (development mode, where every caller is an admin). */
export type CredentialKind =
  | 'API_KEY'
  | 'DEVELOPMENT'
  | 'JWT';

/** The training or test images of a project. */
export type Dataset = Node & {
  __typename?: 'Dataset';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  imageStats?: Maybe<DatasetImageStats>;
  /** CREATE_COMPLETE, UPDATE_IN_PROGRESS, ... as Lookout reports it. */
  status: Scalars['String']['output'];
  statusMessage?: Maybe<Scalars['String']['output']>;
  type: DatasetType;
};

/** One image of a dataset, as its manifest line describes it. */
export type DatasetEntry = Node & {
  __typename?: 'DatasetEntry';
  /** The mask's classes and their colours (empty without a mask). */
  anomalyClasses: Array<AnomalyClass>;
  id: Scalars['ID']['output'];
  label: ImageLabel;
  /** The segmentation mask, s3://bucket/key, for an anomaly with one. */
  maskRef?: Maybe<Scalars['String']['output']>;
  /** The segmentation mask scaled like thumbnail, as a data: URL (PNG, each class keeping its colour); null without a mask, or when it cannot be read (as thumbnail). */
  maskThumbnail?: Maybe<Scalars['String']['output']>;
  /** Where the image is: s3://bucket/key. */
  sourceRef: Scalars['String']['output'];
  /** The image scaled to fit maxSize x maxSize, as a data: URL (JPEG). Read through S3 up to MAX_UPLOAD_BYTES; null when S3 no longer has it, or has something larger or no image there (one such entry must not blank a page of them). */
  thumbnail?: Maybe<Scalars['String']['output']>;
};


/** One image of a dataset, as its manifest line describes it. */
export type DatasetEntryMaskThumbnailArgs = {
  maxSize?: Scalars['Int']['input'];
};


/** One image of a dataset, as its manifest line describes it. */
export type DatasetEntryThumbnailArgs = {
  maxSize?: Scalars['Int']['input'];
};

/** A page of dataset entries (Relay connection over ListDatasetEntries). */
export type DatasetEntryConnection = {
  __typename?: 'DatasetEntryConnection';
  edges: Array<DatasetEntryEdge>;
  pageInfo: PageInfo;
};

export type DatasetEntryEdge = {
  __typename?: 'DatasetEntryEdge';
  /** Pass as `after` to continue after this entry. */
  cursor: Scalars['String']['output'];
  node: DatasetEntry;
};

/** Which entries to list; every given field must hold. */
export type DatasetEntryFilter = {
  /** Only images added after this moment. */
  after?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only NORMAL or ANOMALY images. */
  anomalyClass?: InputMaybe<ImageLabel>;
  /** Only images added before this moment. */
  before?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only labelled (true) or unlabelled (false) images. */
  labeled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only images whose source-ref contains this text. */
  sourceRefContains?: InputMaybe<Scalars['String']['input']>;
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
  /** The model version that judged the image: its number, also when it was asked for by an alias or "latest". */
  version: Scalars['String']['output'];
};

/** What a model cost and served while hosted, as this gateway saw it. Unit-minutes are MinInferenceUnits x minutes hosted (units Lookout added by auto-scaling are not visible through its API, so not counted). */
export type HostingStats = {
  __typename?: 'HostingStats';
  /** Of those, the anomalous ones. */
  anomalies: Scalars['Int']['output'];
  /** Detections in the current session, on every gateway replica. */
  detections: Scalars['Int']['output'];
  /** The latest detection, on any replica. */
  lastInferenceAt?: Maybe<Scalars['DateTime']['output']>;
  maxInferenceUnits?: Maybe<Scalars['Int']['output']>;
  minInferenceUnits?: Maybe<Scalars['Int']['output']>;
  /** When the current hosting session began; null when the model is not hosted. */
  since?: Maybe<Scalars['DateTime']['output']>;
  /** Unit-minutes of every session since the gateway first saw the model hosted. */
  totalUnitMinutes: Scalars['Float']['output'];
  /** Unit-minutes of the current session. */
  unitMinutes: Scalars['Float']['output'];
};

/** One image to add, with its label, and for a segmentation dataset its mask. */
export type ImageInput = {
  /** With a mask: the class of each colour in it. */
  anomalyClasses?: InputMaybe<Array<AnomalyClassInput>>;
  /** A PNG or JPEG image, of the size of the dataset's images. */
  file: Scalars['Upload']['input'];
  label?: ImageLabel;
  /** ANOMALY images only: a PNG of the image's size, each anomaly class in its colour. */
  mask?: InputMaybe<Scalars['Upload']['input']>;
};

/** How an image is labelled in its dataset. */
export type ImageLabel =
  | 'ANOMALY'
  | 'NORMAL'
  | 'UNLABELED';

/** Where the analysed image came from. */
export type ImageSource = {
  __typename?: 'ImageSource';
  /** "direct" for an image sent in the request. */
  type: Scalars['String']['output'];
};

/** A name for one version of a project's model (e.g. production), usable wherever a version is taken. */
export type ModelAlias = {
  __typename?: 'ModelAlias';
  /** The version it names; null when that version no longer exists. */
  modelVersion?: Maybe<ModelVersion>;
  name: Scalars['String']['output'];
  /** The version number the alias names now. */
  version: Scalars['String']['output'];
};

/** What setModelAlias, removeModelAlias or promoteModel changed: the alias, the version it names now and the one it named before, each as it is now, so client caches update Project.aliases and ModelVersion.aliases without a refetch. */
export type ModelAliasChange = {
  __typename?: 'ModelAliasChange';
  alias: Scalars['String']['output'];
  /** The version the alias names now, as it is now. */
  modelVersion?: Maybe<ModelVersion>;
  /** The version the alias named before, as it is now (stopping, with stopPrevious). */
  previousModelVersion?: Maybe<ModelVersion>;
  /** The version it named before; null when it is new. */
  previousVersion?: Maybe<Scalars['String']['output']>;
  /** The project, with its aliases as they are now. */
  project?: Maybe<Project>;
  /** promoteModel with stopPrevious: whether it stopped the previous version (not when another alias still names it). */
  stoppedPrevious: Scalars['Boolean']['output'];
  /** The version the alias names now; null once it is removed. */
  version?: Maybe<Scalars['String']['output']>;
};

/** How a trained version did on its test images (or, without a test dataset, on held-out training images), from the evaluation result its training wrote to S3. A figure the result does not give is null: Amazon Lookout's own results have no threshold nor confusion counts. */
export type ModelEvaluation = {
  __typename?: 'ModelEvaluation';
  /** Average precision of ranking anomalies first, 0 to 1. */
  averagePrecision?: Maybe<Scalars['Float']['output']>;
  /** The counts performance was computed from; they sum to imagesTested. */
  confusion?: Maybe<ConfusionCounts>;
  /** When the evaluation ended. */
  evaluatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Images the figures were measured on. */
  imagesTested?: Maybe<Scalars['Int']['output']>;
  /** Area under the ROC curve, 0 to 1; null without both normal and anomalous images. */
  rocAuc?: Maybe<Scalars['Float']['output']>;
  /** Image score above which the model calls an image anomalous. */
  threshold?: Maybe<Scalars['Float']['output']>;
};

/** One start, stop, policy change, alias change or automatic action on a model. */
export type ModelEvent = {
  __typename?: 'ModelEvent';
  /** start, stop, set-policy, idle-stop, scheduled-start, scheduled-stop, set-alias, remove-alias or promote. */
  action: Scalars['String']['output'];
  /** Who: the API key's name, the JWT subject, or "policy" for an automatic action. */
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  /** More to know: the policy set, the error's message, or an alias's move ("production: 1 -> 2"). */
  detail?: Maybe<Scalars['String']['output']>;
  /** The model's status before. */
  fromStatus?: Maybe<Scalars['String']['output']>;
  /** The status it led to, or the error code it ended with. */
  result: Scalars['String']['output'];
};

/** The hosting state a start or stop request moved the model to (with wait: the state it settled in). */
export type ModelHostingChange = {
  __typename?: 'ModelHostingChange';
  /** The model version as it is now. */
  modelVersion?: Maybe<ModelVersion>;
  project: Scalars['String']['output'];
  /** True when the model is HOSTED and accepts detectAnomalies. */
  ready: Scalars['Boolean']['output'];
  status: ModelStatus;
  statusMessage?: Maybe<Scalars['String']['output']>;
  /** The version number, also when the request said "latest" or an alias. */
  version: Scalars['String']['output'];
};

/** Evaluation of a trained model on its test images. */
export type ModelPerformance = {
  __typename?: 'ModelPerformance';
  f1Score?: Maybe<Scalars['Float']['output']>;
  precision?: Maybe<Scalars['Float']['output']>;
  recall?: Maybe<Scalars['Float']['output']>;
};

/** How the gateway runs a model by itself. Kept as tags on the model, so every gateway reads the same policy. */
export type ModelPolicy = {
  __typename?: 'ModelPolicy';
  /** Stop the hosted model after this many minutes without a detectAnomalies call (outside schedule windows). */
  idleStopMinutes?: Maybe<Scalars['Int']['output']>;
  schedule?: Maybe<Schedule>;
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

/** A model version's status as the gateway saw it, sent by modelStatusChanged. */
export type ModelStatusChange = {
  __typename?: 'ModelStatusChange';
  /** When a replica of the gateway saw this status. */
  at: Scalars['DateTime']['output'];
  project: Scalars['String']['output'];
  /** True when the model is HOSTED and accepts detectAnomalies. */
  ready: Scalars['Boolean']['output'];
  status: ModelStatus;
  statusMessage?: Maybe<Scalars['String']['output']>;
  /** The version number ("latest" or an alias is resolved when the subscription starts). */
  version: Scalars['String']['output'];
};

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
export type ModelVersion = Node & {
  __typename?: 'ModelVersion';
  /** The aliases that name this version now. */
  aliases: Array<Scalars['String']['output']>;
  arn: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** The evaluation its training wrote to S3, to compare versions side by side; null until the version is trained. */
  evaluation?: Maybe<ModelEvaluation>;
  /** Hosting time, units and detections, as the gateway saw them. */
  hosting: HostingStats;
  /** The model's ARN. */
  id: Scalars['ID']['output'];
  /** Upper bound for automatic scaling of inference units. */
  maxInferenceUnits?: Maybe<Scalars['Int']['output']>;
  /** Inference units the model was started with. */
  minInferenceUnits?: Maybe<Scalars['Int']['output']>;
  performance?: Maybe<ModelPerformance>;
  /** How the gateway runs this model by itself (from its tags). */
  policy: ModelPolicy;
  project: Scalars['String']['output'];
  status: ModelStatus;
  statusMessage?: Maybe<Scalars['String']['output']>;
  version: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Adds uploaded images (a GraphQL multipart request) to a dataset, creating it if needed; answers the dataset once Lookout has taken them in. A file refused at index k, or an import Lookout refuses, leaves the dataset as it was. Needs the admin role. */
  addImages: Dataset;
  /** Creates an empty project. Needs the admin role. */
  createProject: Project;
  /** Deletes a dataset and its entries, as Lookout's DeleteDataset (the images stay in S3): for instance a test dataset too small to train with. Its manifest is written to S3 first, under the dataset's storage prefix (manifests/<time>-<id>-deleted.jsonl), so the images can be imported again. Answers the dataset as it was; CONFLICT while it is being created or updated. Needs the admin role. */
  deleteDataset: Dataset;
  /** Deletes a model version that is not hosted and that no alias names (CONFLICT otherwise); answers it as DELETING. Needs the admin role. */
  deleteModelVersion: ModelVersion;
  /** Deletes a project and its datasets; refused (CONFLICT) while it has model versions. Answers the project as it was. Needs the admin role. */
  deleteProject: Project;
  /** Runs a HOSTED model on one PNG or JPEG image, sent as a GraphQL multipart request. Null, with an error naming this field's path, when the image could not be judged; other detections of the same request keep their results. Needs the inference role. */
  detectAnomalies?: Maybe<DetectAnomalyResult>;
  /** Moves the alias to the version without a moment in which a detection by the alias meets a model that is not ready: starts the version and waits until it is HOSTED (startFirst), moves the alias, then stops the version it named before (stopPrevious). A start that fails (MODEL_NOT_READY) or takes longer than timeoutSeconds (TIMEOUT) leaves the alias where it was. Changes of one alias run one at a time, in the order they arrive. Roll back by promoting the previous version. Needs the admin role. */
  promoteModel: ModelAliasChange;
  /** Gives images of a dataset new labels (NORMAL, ANOMALY, UNLABELED); answers the dataset once Lookout has applied them. Needs the admin role. */
  relabelImages: Dataset;
  /** Removes images from a dataset. Lookout cannot remove entries, so the dataset is made again without them (its full manifest kept in S3 first). Needs the admin role. */
  removeImages: Dataset;
  /** Removes the alias; on an alias the project does not have, changes nothing (previousVersion null). Needs the admin role. */
  removeModelAlias: ModelAliasChange;
  /** Points the alias at the version at once, whatever the version's status (promoteModel waits until it is HOSTED). The alias is a tag on the project: NOT_FOUND when the version does not exist, QUOTA_EXCEEDED when the project has 50 tags already. Needs the admin role. */
  setModelAlias: ModelAliasChange;
  /** Replaces the model's policy (an argument left out or null removes that part): idle auto-stop and a weekly schedule. Kept as tags on the model; answers the model version with its new policy. Needs the admin role. */
  setModelPolicy: ModelVersion;
  /** Starts hosting a TRAINED model, or again one whose hosting failed; on a model already hosted (or starting) with these units, answers its status. Hosting is billed per inference unit hour. Needs the admin role. */
  startModel: ModelHostingChange;
  /** Stops hosting a HOSTED model; on a model already stopped (or stopping), answers its status. Needs the admin role. */
  stopModel: ModelHostingChange;
  /** Trains a new model version on the project's datasets (TRAINING at once; progress in modelStatusChanged; with wait, the version once training has ended). Needs the admin role. */
  trainModel: ModelVersion;
};


export type MutationAddImagesArgs = {
  dataset?: DatasetType;
  images: Array<ImageInput>;
  project: Scalars['String']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
};


export type MutationCreateProjectArgs = {
  name: Scalars['String']['input'];
};


export type MutationDeleteDatasetArgs = {
  dataset: DatasetType;
  project: Scalars['String']['input'];
};


export type MutationDeleteModelVersionArgs = {
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type MutationDeleteProjectArgs = {
  name: Scalars['String']['input'];
};


export type MutationDetectAnomaliesArgs = {
  file: Scalars['Upload']['input'];
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type MutationPromoteModelArgs = {
  alias: Scalars['String']['input'];
  maxInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  minInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  project: Scalars['String']['input'];
  startFirst?: Scalars['Boolean']['input'];
  stopPrevious?: Scalars['Boolean']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
  version: Scalars['String']['input'];
};


export type MutationRelabelImagesArgs = {
  changes: Array<RelabelInput>;
  dataset?: DatasetType;
  project: Scalars['String']['input'];
};


export type MutationRemoveImagesArgs = {
  dataset?: DatasetType;
  project: Scalars['String']['input'];
  sourceRefs: Array<Scalars['String']['input']>;
};


export type MutationRemoveModelAliasArgs = {
  alias: Scalars['String']['input'];
  project: Scalars['String']['input'];
};


export type MutationSetModelAliasArgs = {
  alias: Scalars['String']['input'];
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type MutationSetModelPolicyArgs = {
  idleStopMinutes?: InputMaybe<Scalars['Int']['input']>;
  project: Scalars['String']['input'];
  schedule?: InputMaybe<ScheduleInput>;
  version: Scalars['String']['input'];
};


export type MutationStartModelArgs = {
  clientToken?: InputMaybe<Scalars['String']['input']>;
  maxInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  minInferenceUnits?: Scalars['Int']['input'];
  project: Scalars['String']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
  version: Scalars['String']['input'];
  wait?: Scalars['Boolean']['input'];
};


export type MutationStopModelArgs = {
  clientToken?: InputMaybe<Scalars['String']['input']>;
  project: Scalars['String']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
  version: Scalars['String']['input'];
  wait?: Scalars['Boolean']['input'];
};


export type MutationTrainModelArgs = {
  description?: InputMaybe<Scalars['String']['input']>;
  project: Scalars['String']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
  wait?: Scalars['Boolean']['input'];
};

/** An object with an id unique across the API; node(id) fetches it again. */
export type Node = {
  id: Scalars['ID']['output'];
};

/** Relay pagination. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether entries come before this page: true when it was asked for after a cursor. */
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
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
export type Project = Node & {
  __typename?: 'Project';
  /** The project's model aliases, by name (kept as tags on the project). */
  aliases: Array<ModelAlias>;
  arn: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  datasets: Array<Dataset>;
  /** The project's ARN. */
  id: Scalars['ID']['output'];
  /** A version number, "latest", or an alias name; null when it does not exist. */
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
  /** A page of a dataset's images with their labels (Relay connection). */
  datasetEntries: DatasetEntryConnection;
  /** Starts, stops, policy changes and automatic actions on a model, newest first. A version number answers its audit even once the version or its project is gone; "latest" or an alias must name a version that exists. Needs the admin role. */
  modelEvents: Array<ModelEvent>;
  /** Current status of a model version; NOT_FOUND when it does not exist. */
  modelStatus: ModelStatusReport;
  /** The version ("latest" or an alias name allowed), or null when it does not exist. */
  modelVersion?: Maybe<ModelVersion>;
  /** Every model version of a project. */
  modelVersions: Array<ModelVersion>;
  /** The object with this id (a project, model version, dataset...), or null when it no longer exists. */
  node?: Maybe<Node>;
  /** The project, or null when it does not exist. */
  project?: Maybe<Project>;
  /** Every project, across all pages of ListProjects. */
  projects: Array<Project>;
  /** Who the credentials sent name, and their role (what a console may offer them). */
  viewer: Viewer;
};


export type QueryDatasetEntriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dataset?: DatasetType;
  filter?: InputMaybe<DatasetEntryFilter>;
  first?: Scalars['Int']['input'];
  project: Scalars['String']['input'];
};


export type QueryModelEventsArgs = {
  last?: Scalars['Int']['input'];
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
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


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProjectArgs = {
  name: Scalars['String']['input'];
};

export type RelabelInput = {
  label: ImageLabel;
  /** The entry's source-ref. */
  sourceRef: Scalars['String']['input'];
};

/** What a caller may do: a VIEWER reads, INFERENCE also runs detectAnomalies, an ADMIN may do everything. */
export type Role =
  | 'ADMIN'
  | 'INFERENCE'
  | 'VIEWER';

/** When the gateway keeps a model hosted: inside a window it starts it, outside every window it stops it. */
export type Schedule = {
  __typename?: 'Schedule';
  /** An IANA time zone, e.g. Europe/Berlin; windows follow its daylight saving time. */
  timeZone: Scalars['String']['output'];
  windows: Array<ScheduleWindow>;
};

/** Weekly windows in an IANA time zone. */
export type ScheduleInput = {
  /** An IANA time zone, e.g. Europe/Berlin. */
  timeZone: Scalars['String']['input'];
  windows: Array<ScheduleWindowInput>;
};

/** Weekly hours, in a time zone, during which a model is kept hosted. */
export type ScheduleWindow = {
  __typename?: 'ScheduleWindow';
  days: Array<Weekday>;
  /** Local time the window closes, HH:MM (24:00 for midnight), after start. */
  end: Scalars['String']['output'];
  /** Local time the window opens, HH:MM. */
  start: Scalars['String']['output'];
};

/** Weekly hours, e.g. MON-FRI 08:00-18:00. */
export type ScheduleWindowInput = {
  days: Array<Weekday>;
  /** HH:MM, local time, after start (24:00 for midnight). */
  end: Scalars['String']['input'];
  /** HH:MM, local time. */
  start: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The model version's status now, then each change of its status or statusMessage, until unsubscribed. Over graphql-ws on /graphql. "latest" is the latest version, and an alias the version it names, when the subscription starts. NOT_FOUND when the model does not exist (or no longer does). */
  modelStatusChanged: ModelStatusChange;
};


export type SubscriptionModelStatusChangedArgs = {
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
};

/** Who is calling, as the gateway sees the credentials sent; never the secret itself. */
export type Viewer = {
  __typename?: 'Viewer';
  credential: CredentialKind;
  /** True when the gateway has no keys and no JWT configured: every caller is an admin. */
  developmentMode: Scalars['Boolean']['output'];
  /** The API key's name, the JWT subject, or "development". */
  name: Scalars['String']['output'];
  role: Role;
};

/** A day of the week, in the schedule's time zone. */
export type Weekday =
  | 'FRI'
  | 'MON'
  | 'SAT'
  | 'SUN'
  | 'THU'
  | 'TUE'
  | 'WED';

export type ProjectAliasesQueryVariables = Exact<{
  project: Scalars['String']['input'];
}>;


export type ProjectAliasesQuery = { __typename?: 'Query', project?: { __typename?: 'Project', id: string, name: string, aliases: Array<{ __typename?: 'ModelAlias', name: string, version: string, modelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null }>, modelVersions: Array<{ __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> }> } | null };

export type SetModelAliasMutationVariables = Exact<{
  project: Scalars['String']['input'];
  alias: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type SetModelAliasMutation = { __typename?: 'Mutation', setModelAlias: { __typename?: 'ModelAliasChange', alias: string, version?: string | null, previousVersion?: string | null, project?: { __typename?: 'Project', id: string, aliases: Array<{ __typename?: 'ModelAlias', name: string, version: string }> } | null, modelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null, previousModelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null } };

export type RemoveModelAliasMutationVariables = Exact<{
  project: Scalars['String']['input'];
  alias: Scalars['String']['input'];
}>;


export type RemoveModelAliasMutation = { __typename?: 'Mutation', removeModelAlias: { __typename?: 'ModelAliasChange', alias: string, version?: string | null, previousVersion?: string | null, project?: { __typename?: 'Project', id: string, aliases: Array<{ __typename?: 'ModelAlias', name: string, version: string }> } | null, modelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null, previousModelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null } };

export type PromoteModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  alias: Scalars['String']['input'];
  startFirst?: Scalars['Boolean']['input'];
  stopPrevious?: Scalars['Boolean']['input'];
  minInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  maxInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  timeoutSeconds?: Scalars['Int']['input'];
}>;


export type PromoteModelMutation = { __typename?: 'Mutation', promoteModel: { __typename?: 'ModelAliasChange', stoppedPrevious: boolean, alias: string, version?: string | null, previousVersion?: string | null, project?: { __typename?: 'Project', id: string, aliases: Array<{ __typename?: 'ModelAlias', name: string, version: string }> } | null, modelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null, previousModelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null } };

export type AliasChangeFieldsFragment = { __typename?: 'ModelAliasChange', alias: string, version?: string | null, previousVersion?: string | null, project?: { __typename?: 'Project', id: string, aliases: Array<{ __typename?: 'ModelAlias', name: string, version: string }> } | null, modelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null, previousModelVersion?: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> } | null };

export type AliasedVersionFragment = { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string> };

export type CliCreateProjectMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type CliCreateProjectMutation = { __typename?: 'Mutation', createProject: { __typename?: 'Project', name: string } };

export type CliAddImagesMutationVariables = Exact<{
  project: Scalars['String']['input'];
  dataset: DatasetType;
  images: Array<ImageInput> | ImageInput;
  timeoutSeconds: Scalars['Int']['input'];
}>;


export type CliAddImagesMutation = { __typename?: 'Mutation', addImages: { __typename?: 'Dataset', type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null } };

export type CliProjectQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type CliProjectQuery = { __typename?: 'Query', project?: { __typename?: 'Project', name: string } | null };

export type CliProjectDatasetsQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type CliProjectDatasetsQuery = { __typename?: 'Query', project?: { __typename?: 'Project', name: string, datasets: Array<{ __typename?: 'Dataset', type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null }> } | null };

export type CliDatasetEntriesQueryVariables = Exact<{
  project: Scalars['String']['input'];
  dataset: DatasetType;
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CliDatasetEntriesQuery = { __typename?: 'Query', datasetEntries: { __typename?: 'DatasetEntryConnection', edges: Array<{ __typename?: 'DatasetEntryEdge', node: { __typename?: 'DatasetEntry', sourceRef: string } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type CliTrainModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
}>;


export type CliTrainModelMutation = { __typename?: 'Mutation', trainModel: { __typename?: 'ModelVersion', project: string, version: string, status: ModelStatus, statusMessage?: string | null, description?: string | null, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null } };

export type CliHostingChangeFragment = { __typename?: 'ModelHostingChange', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean };

export type CliStartModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  minInferenceUnits: Scalars['Int']['input'];
  maxInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
}>;


export type CliStartModelMutation = { __typename?: 'Mutation', startModel: { __typename?: 'ModelHostingChange', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean } };

export type CliStopModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type CliStopModelMutation = { __typename?: 'Mutation', stopModel: { __typename?: 'ModelHostingChange', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean } };

export type CliModelStatusQueryVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type CliModelStatusQuery = { __typename?: 'Query', modelStatus: { __typename?: 'ModelStatusReport', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean } };

export type CliModelVersionQueryVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type CliModelVersionQuery = { __typename?: 'Query', modelVersion?: { __typename?: 'ModelVersion', project: string, version: string, status: ModelStatus, statusMessage?: string | null, description?: string | null, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null } | null };

export type CliModelVersionsQueryVariables = Exact<{
  project: Scalars['String']['input'];
}>;


export type CliModelVersionsQuery = { __typename?: 'Query', modelVersions: Array<{ __typename?: 'ModelVersion', createdAt: string, aliases: Array<string>, project: string, version: string, status: ModelStatus, statusMessage?: string | null, description?: string | null, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null }> };

export type CliPromoteModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  alias: Scalars['String']['input'];
  startFirst: Scalars['Boolean']['input'];
  stopPrevious: Scalars['Boolean']['input'];
  minInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  maxInferenceUnits?: InputMaybe<Scalars['Int']['input']>;
  timeoutSeconds: Scalars['Int']['input'];
}>;


export type CliPromoteModelMutation = { __typename?: 'Mutation', promoteModel: { __typename?: 'ModelAliasChange', alias: string, version?: string | null, previousVersion?: string | null, stoppedPrevious: boolean, modelVersion?: { __typename?: 'ModelVersion', version: string, status: ModelStatus } | null } };

export type CliModelStatusChangedSubscriptionVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type CliModelStatusChangedSubscription = { __typename?: 'Subscription', modelStatusChanged: { __typename?: 'ModelStatusChange', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean, at: string } };

export type CliDetectAnomaliesMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  file: Scalars['Upload']['input'];
}>;


export type CliDetectAnomaliesMutation = { __typename?: 'Mutation', detectAnomalies?: { __typename?: 'DetectAnomalyResult', version: string, isAnomalous: boolean, confidence: number, anomalies: Array<{ __typename?: 'Anomaly', name: string, pixelAnomaly?: { __typename?: 'PixelAnomaly', totalPercentageArea: number, color: string } | null }> } | null };

export type CliModelStatusFragment = { __typename?: 'ModelVersion', project: string, version: string, status: ModelStatus, statusMessage?: string | null, description?: string | null, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null };

export type CliDatasetFragment = { __typename?: 'Dataset', type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null };

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { __typename?: 'Query', viewer: { __typename?: 'Viewer', name: string, role: Role, credential: CredentialKind, developmentMode: boolean } };

export type ConsoleProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleProjectsQuery = { __typename?: 'Query', projects: Array<{ __typename?: 'Project', name: string, createdAt: string, datasets: Array<{ __typename?: 'Dataset', type: DatasetType, imageStats?: { __typename?: 'DatasetImageStats', total: number, normal: number, anomaly: number } | null }>, modelVersions: Array<{ __typename?: 'ModelVersion', version: string, status: ModelStatus }> }> };

export type ConsoleProjectQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type ConsoleProjectQuery = { __typename?: 'Query', project?: { __typename?: 'Project', name: string, arn: string, createdAt: string, aliases: Array<{ __typename?: 'ModelAlias', name: string, version: string }>, datasets: Array<{ __typename?: 'Dataset', type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null }>, modelVersions: Array<{ __typename?: 'ModelVersion', project: string, version: string, description?: string | null, status: ModelStatus, statusMessage?: string | null, createdAt: string, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, aliases: Array<string>, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null, evaluation?: { __typename?: 'ModelEvaluation', threshold?: number | null, rocAuc?: number | null, averagePrecision?: number | null, imagesTested?: number | null, confusion?: { __typename?: 'ConfusionCounts', tp: number, fp: number, tn: number, fn: number } | null } | null, policy: { __typename?: 'ModelPolicy', idleStopMinutes?: number | null, schedule?: { __typename?: 'Schedule', timeZone: string, windows: Array<{ __typename?: 'ScheduleWindow', days: Array<Weekday>, start: string, end: string }> } | null }, hosting: { __typename?: 'HostingStats', since?: string | null, detections: number, anomalies: number, lastInferenceAt?: string | null, unitMinutes: number, totalUnitMinutes: number } }> } | null };

export type ConsoleModelVersionFragment = { __typename?: 'ModelVersion', project: string, version: string, description?: string | null, status: ModelStatus, statusMessage?: string | null, createdAt: string, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, aliases: Array<string>, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null, evaluation?: { __typename?: 'ModelEvaluation', threshold?: number | null, rocAuc?: number | null, averagePrecision?: number | null, imagesTested?: number | null, confusion?: { __typename?: 'ConfusionCounts', tp: number, fp: number, tn: number, fn: number } | null } | null, policy: { __typename?: 'ModelPolicy', idleStopMinutes?: number | null, schedule?: { __typename?: 'Schedule', timeZone: string, windows: Array<{ __typename?: 'ScheduleWindow', days: Array<Weekday>, start: string, end: string }> } | null }, hosting: { __typename?: 'HostingStats', since?: string | null, detections: number, anomalies: number, lastInferenceAt?: string | null, unitMinutes: number, totalUnitMinutes: number } };

export type ConsoleDatasetEntriesQueryVariables = Exact<{
  project: Scalars['String']['input'];
  dataset?: DatasetType;
  filter?: InputMaybe<DatasetEntryFilter>;
  first?: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  maxSize?: Scalars['Int']['input'];
}>;


export type ConsoleDatasetEntriesQuery = { __typename?: 'Query', datasetEntries: { __typename?: 'DatasetEntryConnection', edges: Array<{ __typename?: 'DatasetEntryEdge', cursor: string, node: { __typename?: 'DatasetEntry', id: string, sourceRef: string, label: ImageLabel, maskRef?: string | null, thumbnail?: string | null, maskThumbnail?: string | null, anomalyClasses: Array<{ __typename?: 'AnomalyClass', name: string, color: string }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type DetectAnomaliesMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  file: Scalars['Upload']['input'];
}>;


export type DetectAnomaliesMutation = { __typename?: 'Mutation', detectAnomalies?: { __typename?: 'DetectAnomalyResult', version: string, isAnomalous: boolean, confidence: number, anomalyMask?: string | null, source: { __typename?: 'ImageSource', type: string }, anomalies: Array<{ __typename?: 'Anomaly', name: string, pixelAnomaly?: { __typename?: 'PixelAnomaly', totalPercentageArea: number, color: string } | null }> } | null };

export type CompareModelVersionsQueryVariables = Exact<{
  project: Scalars['String']['input'];
}>;


export type CompareModelVersionsQuery = { __typename?: 'Query', modelVersions: Array<{ __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus, aliases: Array<string>, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null, evaluation?: { __typename?: 'ModelEvaluation', threshold?: number | null, rocAuc?: number | null, averagePrecision?: number | null, imagesTested?: number | null, evaluatedAt?: string | null, confusion?: { __typename?: 'ConfusionCounts', tp: number, fp: number, tn: number, fn: number } | null } | null }> };

export type CreateProjectMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type CreateProjectMutation = { __typename?: 'Mutation', createProject: { __typename?: 'Project', id: string, name: string, arn: string, createdAt: string } };

export type DeleteProjectMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeleteProjectMutation = { __typename?: 'Mutation', deleteProject: { __typename?: 'Project', id: string, name: string } };

export type AddImagesMutationVariables = Exact<{
  project: Scalars['String']['input'];
  dataset?: DatasetType;
  images: Array<ImageInput> | ImageInput;
  timeoutSeconds?: Scalars['Int']['input'];
}>;


export type AddImagesMutation = { __typename?: 'Mutation', addImages: { __typename?: 'Dataset', id: string, type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null } };

export type RelabelImagesMutationVariables = Exact<{
  project: Scalars['String']['input'];
  dataset?: DatasetType;
  changes: Array<RelabelInput> | RelabelInput;
}>;


export type RelabelImagesMutation = { __typename?: 'Mutation', relabelImages: { __typename?: 'Dataset', id: string, type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null } };

export type RemoveImagesMutationVariables = Exact<{
  project: Scalars['String']['input'];
  dataset?: DatasetType;
  sourceRefs: Array<Scalars['String']['input']> | Scalars['String']['input'];
}>;


export type RemoveImagesMutation = { __typename?: 'Mutation', removeImages: { __typename?: 'Dataset', id: string, type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null } };

export type DatasetEntriesQueryVariables = Exact<{
  project: Scalars['String']['input'];
  dataset?: DatasetType;
  filter?: InputMaybe<DatasetEntryFilter>;
  first?: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DatasetEntriesQuery = { __typename?: 'Query', datasetEntries: { __typename?: 'DatasetEntryConnection', edges: Array<{ __typename?: 'DatasetEntryEdge', cursor: string, node: { __typename?: 'DatasetEntry', id: string, sourceRef: string, label: ImageLabel, maskRef?: string | null, anomalyClasses: Array<{ __typename?: 'AnomalyClass', name: string, color: string }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type TrainModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
  wait?: Scalars['Boolean']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
}>;


export type TrainModelMutation = { __typename?: 'Mutation', trainModel: { __typename?: 'ModelVersion', id: string, project: string, version: string, status: ModelStatus, statusMessage?: string | null, description?: string | null, performance?: { __typename?: 'ModelPerformance', f1Score?: number | null, precision?: number | null, recall?: number | null } | null } };

export type DeleteModelVersionMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type DeleteModelVersionMutation = { __typename?: 'Mutation', deleteModelVersion: { __typename?: 'ModelVersion', id: string, version: string, status: ModelStatus } };

export type DatasetFieldsFragment = { __typename?: 'Dataset', id: string, type: DatasetType, status: string, statusMessage?: string | null, imageStats?: { __typename?: 'DatasetImageStats', total: number, labeled: number, normal: number, anomaly: number } | null };

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
  wait?: Scalars['Boolean']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
}>;


export type StartModelMutation = { __typename?: 'Mutation', startModel: { __typename?: 'ModelHostingChange', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean } };

export type StopModelMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  clientToken?: InputMaybe<Scalars['String']['input']>;
  wait?: Scalars['Boolean']['input'];
  timeoutSeconds?: Scalars['Int']['input'];
}>;


export type StopModelMutation = { __typename?: 'Mutation', stopModel: { __typename?: 'ModelHostingChange', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean } };

export type ModelStatusChangedSubscriptionVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type ModelStatusChangedSubscription = { __typename?: 'Subscription', modelStatusChanged: { __typename?: 'ModelStatusChange', project: string, version: string, status: ModelStatus, statusMessage?: string | null, ready: boolean, at: string } };

export type SetModelPolicyMutationVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  idleStopMinutes?: InputMaybe<Scalars['Int']['input']>;
  schedule?: InputMaybe<ScheduleInput>;
}>;


export type SetModelPolicyMutation = { __typename?: 'Mutation', setModelPolicy: { __typename?: 'ModelVersion', id: string, policy: { __typename?: 'ModelPolicy', idleStopMinutes?: number | null, schedule?: { __typename?: 'Schedule', timeZone: string, windows: Array<{ __typename?: 'ScheduleWindow', days: Array<Weekday>, start: string, end: string }> } | null } } };

export type ModelRuntimeQueryVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
}>;


export type ModelRuntimeQuery = { __typename?: 'Query', modelVersion?: { __typename?: 'ModelVersion', project: string, version: string, status: ModelStatus, policy: { __typename?: 'ModelPolicy', idleStopMinutes?: number | null, schedule?: { __typename?: 'Schedule', timeZone: string, windows: Array<{ __typename?: 'ScheduleWindow', days: Array<Weekday>, start: string, end: string }> } | null }, hosting: { __typename?: 'HostingStats', since?: string | null, minInferenceUnits?: number | null, maxInferenceUnits?: number | null, detections: number, anomalies: number, lastInferenceAt?: string | null, unitMinutes: number, totalUnitMinutes: number } } | null };

export type ModelEventsQueryVariables = Exact<{
  project: Scalars['String']['input'];
  version: Scalars['String']['input'];
  last?: Scalars['Int']['input'];
}>;


export type ModelEventsQuery = { __typename?: 'Query', modelEvents: Array<{ __typename?: 'ModelEvent', at: string, actor: string, action: string, fromStatus?: string | null, result: string, detail?: string | null }> };

export type PolicyFieldsFragment = { __typename?: 'ModelPolicy', idleStopMinutes?: number | null, schedule?: { __typename?: 'Schedule', timeZone: string, windows: Array<{ __typename?: 'ScheduleWindow', days: Array<Weekday>, start: string, end: string }> } | null };

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

export const AliasedVersionFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasedVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]} as unknown as DocumentNode<AliasedVersionFragment, unknown>;
export const AliasChangeFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelAliasChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"previousVersion"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousModelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasedVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]} as unknown as DocumentNode<AliasChangeFieldsFragment, unknown>;
export const CliHostingChangeFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliHostingChange"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelHostingChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]} as unknown as DocumentNode<CliHostingChangeFragment, unknown>;
export const CliModelStatusFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliModelStatus"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}}]}}]} as unknown as DocumentNode<CliModelStatusFragment, unknown>;
export const CliDatasetFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliDataset"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}}]} as unknown as DocumentNode<CliDatasetFragment, unknown>;
export const PolicyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idleStopMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}}]} as unknown as DocumentNode<PolicyFieldsFragment, unknown>;
export const ConsoleModelVersionFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleModelVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evaluation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"rocAuc"}},{"kind":"Field","name":{"kind":"Name","value":"averagePrecision"}},{"kind":"Field","name":{"kind":"Name","value":"imagesTested"}},{"kind":"Field","name":{"kind":"Name","value":"confusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tp"}},{"kind":"Field","name":{"kind":"Name","value":"fp"}},{"kind":"Field","name":{"kind":"Name","value":"tn"}},{"kind":"Field","name":{"kind":"Name","value":"fn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PolicyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hosting"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"detections"}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"}},{"kind":"Field","name":{"kind":"Name","value":"lastInferenceAt"}},{"kind":"Field","name":{"kind":"Name","value":"unitMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"totalUnitMinutes"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idleStopMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleModelVersionFragment, unknown>;
export const DatasetFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}}]} as unknown as DocumentNode<DatasetFieldsFragment, unknown>;
export const ProjectAliasesDocument = {"__meta__":{"hash":"cd57933e35b2168ea3a7d570789b2a41d4068341d21b7f9558436fb483ae2c84"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectAliases"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasedVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]} as unknown as DocumentNode<ProjectAliasesQuery, ProjectAliasesQueryVariables>;
export const SetModelAliasDocument = {"__meta__":{"hash":"fb1f10ab37720c32c8e0a59d8b6c089516c1807a42f481bfdee4222271ef6c01"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetModelAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setModelAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasChangeFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasedVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelAliasChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"previousVersion"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousModelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}}]}}]} as unknown as DocumentNode<SetModelAliasMutation, SetModelAliasMutationVariables>;
export const RemoveModelAliasDocument = {"__meta__":{"hash":"cf8c6d26adad30fce6fb96b0b69c69eae78fd72e65d2164e4c0e5b84a6f0c9ff"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveModelAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeModelAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasChangeFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasedVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelAliasChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"previousVersion"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousModelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}}]}}]} as unknown as DocumentNode<RemoveModelAliasMutation, RemoveModelAliasMutationVariables>;
export const PromoteModelDocument = {"__meta__":{"hash":"23ac9f78386992b39491de5f52ca54ed0747b6f81d0155dd83fa3782ef3a7d76"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PromoteModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"startFirst"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":true}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stopPrevious"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"600"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}},{"kind":"Argument","name":{"kind":"Name","value":"startFirst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"startFirst"}}},{"kind":"Argument","name":{"kind":"Name","value":"stopPrevious"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stopPrevious"}}},{"kind":"Argument","name":{"kind":"Name","value":"minInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasChangeFields"}},{"kind":"Field","name":{"kind":"Name","value":"stoppedPrevious"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasedVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelAliasChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"previousVersion"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousModelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasedVersion"}}]}}]}}]} as unknown as DocumentNode<PromoteModelMutation, PromoteModelMutationVariables>;
export const CliCreateProjectDocument = {"__meta__":{"hash":"45df423e192e7d0601c520ed24e52b2bd46a3347bab591691b9d7df0d4491593"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CliCreateProject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProject"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CliCreateProjectMutation, CliCreateProjectMutationVariables>;
export const CliAddImagesDocument = {"__meta__":{"hash":"702de734b706cb222c678f49a18f7be7ddfbae8da29cf3ed53556b373bb05aa5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CliAddImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetType"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"images"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImageInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"images"},"value":{"kind":"Variable","name":{"kind":"Name","value":"images"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CliDataset"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliDataset"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}}]} as unknown as DocumentNode<CliAddImagesMutation, CliAddImagesMutationVariables>;
export const CliProjectDocument = {"__meta__":{"hash":"d2cdcade38ff4fb1c275652a9249dd40c4a3bf86414940f00e8dd00a044d8066"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CliProject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CliProjectQuery, CliProjectQueryVariables>;
export const CliProjectDatasetsDocument = {"__meta__":{"hash":"32141c45d85e14ea1416b4ed5c9610f10263f00aaaf2a490e96d589bbbb8b066"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CliProjectDatasets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CliDataset"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliDataset"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}}]} as unknown as DocumentNode<CliProjectDatasetsQuery, CliProjectDatasetsQueryVariables>;
export const CliDatasetEntriesDocument = {"__meta__":{"hash":"1e26631b2952a734b458d5512500c424796da1d98edd4180c9586355f793668b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CliDatasetEntries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetType"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceRef"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<CliDatasetEntriesQuery, CliDatasetEntriesQueryVariables>;
export const CliTrainModelDocument = {"__meta__":{"hash":"8705a05aaa51a0b8de7852c041334b8e1761ea59d365d58a1b5da4650c9f8bd7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CliTrainModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"description"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"description"},"value":{"kind":"Variable","name":{"kind":"Name","value":"description"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CliModelStatus"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliModelStatus"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}}]}}]} as unknown as DocumentNode<CliTrainModelMutation, CliTrainModelMutationVariables>;
export const CliStartModelDocument = {"__meta__":{"hash":"00d71f0ac180c97606bc166e0b23b532c45fc00d6edb0757dea0b8ecd1ca1ee4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CliStartModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"minInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CliHostingChange"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliHostingChange"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelHostingChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]} as unknown as DocumentNode<CliStartModelMutation, CliStartModelMutationVariables>;
export const CliStopModelDocument = {"__meta__":{"hash":"fa074803440485eaae4e78938fa5ee82a02ec71130d90892bbd6732890528cae"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CliStopModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CliHostingChange"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliHostingChange"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelHostingChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]} as unknown as DocumentNode<CliStopModelMutation, CliStopModelMutationVariables>;
export const CliModelStatusDocument = {"__meta__":{"hash":"a7ccbafe0982ac80eff06a380aa1d77c1dcdd4ec43ca790d8467bf55b6b085c4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CliModelStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]}}]} as unknown as DocumentNode<CliModelStatusQuery, CliModelStatusQueryVariables>;
export const CliModelVersionDocument = {"__meta__":{"hash":"b456b5efeb97a40b6d89c636813b55cafe0f5862027b491cc960b9fef1ab99d1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CliModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CliModelStatus"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliModelStatus"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}}]}}]} as unknown as DocumentNode<CliModelVersionQuery, CliModelVersionQueryVariables>;
export const CliModelVersionsDocument = {"__meta__":{"hash":"43eb31e91dd53cf63028a0a9bba6ea9e4ac770ce61dd98770f0010b45004b509"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CliModelVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CliModelStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CliModelStatus"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}}]}}]} as unknown as DocumentNode<CliModelVersionsQuery, CliModelVersionsQueryVariables>;
export const CliPromoteModelDocument = {"__meta__":{"hash":"d8d1fbb410f11fe943604c34451d714c087de5e2a39a54fbf6f86b727438df7c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CliPromoteModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"startFirst"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stopPrevious"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}},{"kind":"Argument","name":{"kind":"Name","value":"startFirst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"startFirst"}}},{"kind":"Argument","name":{"kind":"Name","value":"stopPrevious"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stopPrevious"}}},{"kind":"Argument","name":{"kind":"Name","value":"minInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"previousVersion"}},{"kind":"Field","name":{"kind":"Name","value":"stoppedPrevious"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<CliPromoteModelMutation, CliPromoteModelMutationVariables>;
export const CliModelStatusChangedDocument = {"__meta__":{"hash":"dfc899c6a0ee38640a97fb09313627e4be76ba742981cda5dcf9a398040929f6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CliModelStatusChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<CliModelStatusChangedSubscription, CliModelStatusChangedSubscriptionVariables>;
export const CliDetectAnomaliesDocument = {"__meta__":{"hash":"0399467f643f3431e1b6e0a42f7c8ae5add65ad9183c8c45f8867027c8463ff1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CliDetectAnomalies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detectAnomalies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"isAnomalous"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pixelAnomaly"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalPercentageArea"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CliDetectAnomaliesMutation, CliDetectAnomaliesMutationVariables>;
export const ConsoleViewerDocument = {"__meta__":{"hash":"237f779f2b933d737d2259e98e0059f1cc1c35794ea385dd98614d0335ac0beb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"credential"}},{"kind":"Field","name":{"kind":"Name","value":"developmentMode"}}]}}]}}]} as unknown as DocumentNode<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleProjectsDocument = {"__meta__":{"hash":"ddc38ec01755f17f47b7d9324181ded55edb57649f2ecea5ede3d80e5dc8be94"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleProjects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleProjectsQuery, ConsoleProjectsQueryVariables>;
export const ConsoleProjectDocument = {"__meta__":{"hash":"8426389a6ac910b0072be9ea6f93c4efdb598ead2c5c0e6541ebf90b19e0a9dd"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleProject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleModelVersion"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idleStopMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleModelVersion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evaluation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"rocAuc"}},{"kind":"Field","name":{"kind":"Name","value":"averagePrecision"}},{"kind":"Field","name":{"kind":"Name","value":"imagesTested"}},{"kind":"Field","name":{"kind":"Name","value":"confusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tp"}},{"kind":"Field","name":{"kind":"Name","value":"fp"}},{"kind":"Field","name":{"kind":"Name","value":"tn"}},{"kind":"Field","name":{"kind":"Name","value":"fn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PolicyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hosting"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"detections"}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"}},{"kind":"Field","name":{"kind":"Name","value":"lastInferenceAt"}},{"kind":"Field","name":{"kind":"Name","value":"unitMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"totalUnitMinutes"}}]}}]}}]} as unknown as DocumentNode<ConsoleProjectQuery, ConsoleProjectQueryVariables>;
export const ConsoleDatasetEntriesDocument = {"__meta__":{"hash":"cbcafd39c8b6d37cc820d2aef0ed23afda95a0c56b76e452520ec26d8952e7f3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleDatasetEntries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetType"}}},"defaultValue":{"kind":"EnumValue","value":"TRAIN"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetEntryFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"24"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"128"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRef"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"maskRef"}},{"kind":"Field","name":{"kind":"Name","value":"anomalyClasses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}},{"kind":"Field","name":{"kind":"Name","value":"thumbnail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"maxSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxSize"}}}]},{"kind":"Field","name":{"kind":"Name","value":"maskThumbnail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"maxSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxSize"}}}]}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleDatasetEntriesQuery, ConsoleDatasetEntriesQueryVariables>;
export const DetectAnomaliesDocument = {"__meta__":{"hash":"0d54fdbadfb11763b7a7a0569f2192c3bc4b6289c7a4432debc423e71484f975"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DetectAnomalies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detectAnomalies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"isAnomalous"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"pixelAnomaly"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalPercentageArea"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"anomalyMask"}}]}}]}}]} as unknown as DocumentNode<DetectAnomaliesMutation, DetectAnomaliesMutationVariables>;
export const CompareModelVersionsDocument = {"__meta__":{"hash":"779e6f605282ea230514dcb0eb4148c29736c5bca03dabe6bdfe2027ee1021b0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompareModelVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evaluation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"rocAuc"}},{"kind":"Field","name":{"kind":"Name","value":"averagePrecision"}},{"kind":"Field","name":{"kind":"Name","value":"confusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tp"}},{"kind":"Field","name":{"kind":"Name","value":"fp"}},{"kind":"Field","name":{"kind":"Name","value":"tn"}},{"kind":"Field","name":{"kind":"Name","value":"fn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"imagesTested"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}}]}}]}}]}}]} as unknown as DocumentNode<CompareModelVersionsQuery, CompareModelVersionsQueryVariables>;
export const CreateProjectDocument = {"__meta__":{"hash":"8d36f403a35e0463a217bff9223a26efbf6c487a84e0daceb309f636631163d5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProject"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<CreateProjectMutation, CreateProjectMutationVariables>;
export const DeleteProjectDocument = {"__meta__":{"hash":"093d9753576fd07fce7667d121d4af11fe29a2b587c59a3e856f401a1d009619"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteProject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteProject"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<DeleteProjectMutation, DeleteProjectMutationVariables>;
export const AddImagesDocument = {"__meta__":{"hash":"66f21672444fc20041ca07b4b4ae183d55c63f7af2b91b6ed618541a14ec18ee"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetType"}}},"defaultValue":{"kind":"EnumValue","value":"TRAIN"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"images"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImageInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"600"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"images"},"value":{"kind":"Variable","name":{"kind":"Name","value":"images"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}}]} as unknown as DocumentNode<AddImagesMutation, AddImagesMutationVariables>;
export const RelabelImagesDocument = {"__meta__":{"hash":"fe2b4b06e01470fe1ed31c0ce79d531479724bd6926517cda742daf6203472e9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RelabelImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetType"}}},"defaultValue":{"kind":"EnumValue","value":"TRAIN"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"changes"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RelabelInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relabelImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"changes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"changes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}}]} as unknown as DocumentNode<RelabelImagesMutation, RelabelImagesMutationVariables>;
export const RemoveImagesDocument = {"__meta__":{"hash":"5518bf4c9e5b7a52d99438c95d693c3582fe3e5b9ab9a9989c468a29d70cc395"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetType"}}},"defaultValue":{"kind":"EnumValue","value":"TRAIN"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourceRefs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"sourceRefs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourceRefs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}}]} as unknown as DocumentNode<RemoveImagesMutation, RemoveImagesMutationVariables>;
export const DatasetEntriesDocument = {"__meta__":{"hash":"ec2b3157c8fa82b233db08cd3ca49b76c4cd8ce6795883940283d2860976f857"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetEntries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetType"}}},"defaultValue":{"kind":"EnumValue","value":"TRAIN"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetEntryFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sourceRef"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"maskRef"}},{"kind":"Field","name":{"kind":"Name","value":"anomalyClasses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<DatasetEntriesQuery, DatasetEntriesQueryVariables>;
export const TrainModelDocument = {"__meta__":{"hash":"5196125d671baa96bba5d119c89539d82c6dcfef36b94382b4ee272d4f5d02b0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TrainModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"description"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"wait"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"3600"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"description"},"value":{"kind":"Variable","name":{"kind":"Name","value":"description"}}},{"kind":"Argument","name":{"kind":"Name","value":"wait"},"value":{"kind":"Variable","name":{"kind":"Name","value":"wait"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}}]}}]}}]} as unknown as DocumentNode<TrainModelMutation, TrainModelMutationVariables>;
export const DeleteModelVersionDocument = {"__meta__":{"hash":"9696f1dea24e9f4a6c2455ca5803222529d13e3052c2d67aba35f02afed00d6e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteModelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<DeleteModelVersionMutation, DeleteModelVersionMutationVariables>;
export const ModelVersionsDocument = {"__meta__":{"hash":"d3757f680bf6493bf333d9eaaf6afa3f89bdaae428e98dbb1a914ef58adbcb29"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"f1Score"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}}]}}]}}]} as unknown as DocumentNode<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const ModelVersionDocument = {"__meta__":{"hash":"f4e6b55df117d21ff713f5fa3fb6915167eb53f74185a76cc811eaeaaea0257e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}}]}}]}}]} as unknown as DocumentNode<ModelVersionQuery, ModelVersionQueryVariables>;
export const ModelStatusDocument = {"__meta__":{"hash":"c31fd792105cbdab9de3a2d52d812bb53c6f57ece9dfd5ef34c07793862bd320"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]}}]} as unknown as DocumentNode<ModelStatusQuery, ModelStatusQueryVariables>;
export const StartModelDocument = {"__meta__":{"hash":"e6c0e95239643fc3899828574d652e0c167c76b64af5437513d5e4d693eb2735"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"1"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"wait"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"600"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"minInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxInferenceUnits"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxInferenceUnits"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}}},{"kind":"Argument","name":{"kind":"Name","value":"wait"},"value":{"kind":"Variable","name":{"kind":"Name","value":"wait"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]}}]} as unknown as DocumentNode<StartModelMutation, StartModelMutationVariables>;
export const StopModelDocument = {"__meta__":{"hash":"13154c66e159b65604077f675fa09376d2ff9475b9737d31c0642b0e86068957"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StopModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"wait"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"600"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientToken"}}},{"kind":"Argument","name":{"kind":"Name","value":"wait"},"value":{"kind":"Variable","name":{"kind":"Name","value":"wait"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}}]}}]} as unknown as DocumentNode<StopModelMutation, StopModelMutationVariables>;
export const ModelStatusChangedDocument = {"__meta__":{"hash":"f7c30c50b3ed0f52959775f43431821faaf1b9c046274f80acf224b81aaa6b96"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ModelStatusChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<ModelStatusChangedSubscription, ModelStatusChangedSubscriptionVariables>;
export const SetModelPolicyDocument = {"__meta__":{"hash":"41e9ee2f7e9c41ff6860197eca23a683b61af8ec8399bfc25bef8111baccc6c4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetModelPolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idleStopMinutes"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schedule"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setModelPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"idleStopMinutes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idleStopMinutes"}}},{"kind":"Argument","name":{"kind":"Name","value":"schedule"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schedule"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PolicyFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idleStopMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}}]} as unknown as DocumentNode<SetModelPolicyMutation, SetModelPolicyMutationVariables>;
export const ModelRuntimeDocument = {"__meta__":{"hash":"d6db5c32ed3513d353e4f837586c4f14b18e2face900ee91e9c54022e43ff1e8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelRuntime"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PolicyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hosting"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"detections"}},{"kind":"Field","name":{"kind":"Name","value":"anomalies"}},{"kind":"Field","name":{"kind":"Name","value":"lastInferenceAt"}},{"kind":"Field","name":{"kind":"Name","value":"unitMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"totalUnitMinutes"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idleStopMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}}]} as unknown as DocumentNode<ModelRuntimeQuery, ModelRuntimeQueryVariables>;
export const ModelEventsDocument = {"__meta__":{"hash":"c93c012b9fad93c75b925a3ccb2da6f5f875ba88ca164c9b3d265d0121d5daaa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}}]} as unknown as DocumentNode<ModelEventsQuery, ModelEventsQueryVariables>;
export const ProjectsWithModelsDocument = {"__meta__":{"hash":"efa57f54dd4eca2d7cec54229f86048c2826f187eeb2bbae3dd4a763eb6896d9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectsWithModels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectsWithModelsQuery, ProjectsWithModelsQueryVariables>;
export const SameModelTwiceDocument = {"__meta__":{"hash":"30f727c6af209dcb7197897f86fe28c449da8641e1d5b3642f0c93f7da3dd631"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SameModelTwice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"project"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"second"},"name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"minInferenceUnits"}},{"kind":"Field","name":{"kind":"Name","value":"maxInferenceUnits"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"status"},"name":{"kind":"Name","value":"modelStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"project"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ready"}}]}},{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"project"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"arn"}}]}}]}}]}}]} as unknown as DocumentNode<SameModelTwiceQuery, SameModelTwiceQueryVariables>;
export const ProjectsDocument = {"__meta__":{"hash":"9e57ff798a0e9dbae5ac4a3e98bd63636f874f6760038157b7a658d72f1b36e7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectsQuery, ProjectsQueryVariables>;
export const ProjectDocument = {"__meta__":{"hash":"62a2f57c999b7080ef8d256fe1be129485d00969f2417b5dd6fdd639d7858847"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Project"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"imageStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"normal"}},{"kind":"Field","name":{"kind":"Name","value":"anomaly"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"latest"},"name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"StringValue","value":"latest","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectQuery, ProjectQueryVariables>;