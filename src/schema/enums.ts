import { registerEnumType } from 'type-graphql';

/** Lifecycle of a model version, as Lookout reports it, plus UNKNOWN for a status this gateway has no value for. */
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
  UNKNOWN = 'UNKNOWN',
}

export enum DatasetType {
  TRAIN = 'TRAIN',
  TEST = 'TEST',
}

registerEnumType(ModelStatus, {
  name: 'ModelStatus',
  description: 'Lifecycle state of a model version.',
  valuesConfig: {
    UNKNOWN: { description: 'Lookout reported a status this gateway does not know; statusMessage names it.' },
  },
});
registerEnumType(DatasetType, {
  name: 'DatasetType',
  description: 'A project has at most one dataset of each type.',
});
