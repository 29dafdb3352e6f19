import { describe, expect, it } from 'vitest';
import { describeChange, type SeenStatus } from '../../src/cli/model-wait';

// The lines a --wait prints for what the subscription (or polling) tells it.
const at = (status: SeenStatus['status'], statusMessage: string | null): SeenStatus => ({ project: 'washers', version: '1', status, statusMessage });

describe('describeChange', () => {
  it('tells a transition with the new message and the time it took', () => {
    expect(describeChange(at('STARTING_HOSTING', null), at('HOSTED', 'Hosting the model.'), 4.26)).toBe('washers version 1: STARTING_HOSTING -> HOSTED (Hosting the model.) after 4.3 s');
    expect(describeChange(at('TRAINING', 'x'), at('TRAINED', null), 1)).toBe('washers version 1: TRAINING -> TRAINED after 1.0 s');
  });

  it('tells a new message under the same status as a message, not as a transition to itself', () => {
    const line = describeChange(at('STARTING_HOSTING', 'Starting.'), at('STARTING_HOSTING', 'Loading the model.'), 1.2);
    expect(line).toBe('washers version 1: STARTING_HOSTING: Loading the model. (after 1.2 s)');
    expect(line).not.toContain('->');
  });

  it('says nothing when nothing changed, or only a message went away', () => {
    expect(describeChange(at('TRAINING', 'a'), at('TRAINING', 'a'), 3)).toBeNull();
    expect(describeChange(at('TRAINING', 'a'), at('TRAINING', null), 3)).toBeNull();
  });
});
