import { registerEnumType } from 'type-graphql';

/** Lifecycle of a model version, exactly as Lookout reports it. */
export enum ModelStatus {
  TRAINING = 'TRAINING',
  TRAINED = 'TRAINED',
  TRAINING_FAILED = 'TRAINING_FAILED',
  STARTING_HOSTING = 'STARTING_HOSTING',
  HOSTED = 'HOSTED',
  HOSTING_FAILED = 'HOSTING_FAILED',
  STOPPING_HOSTING = 'STOPPING_HOSTING',
  SYSTEM_UPDATING = 'SYSTEM_UPDATING',
  DELETING = 'DELETING',
}

export enum DatasetType {
  TRAIN = 'TRAIN',
  TEST = 'TEST',
}

registerEnumType(ModelStatus, {
  name: 'ModelStatus',
  description: 'Lifecycle state of a model version.',
});
registerEnumType(DatasetType, {
  name: 'DatasetType',
  description: 'A project has at most one dataset of each type.',
});
