import { describe, expect, it } from 'vitest';
import type { StatusSnapshot, StatusWatcher } from '../../src/runtime/model-status';
import { StatusStream } from '../../src/runtime/status-stream';
import { ModelStatus } from '../../src/schema/enums';

// The adapter between a watch and a GraphQL subscription's event stream.

/** A watcher the test drives by hand: `tell` and `fail` reach the one watch. */
function handWatcher() {
  let listener: ((s: StatusSnapshot) => void) | undefined;
  let onError: ((e: Error) => void) | undefined;
  const state = { watching: 0 };
  const watcher: StatusWatcher = {
    watch: (_model, l, e) => {
      listener = l;
      onError = e;
      state.watching++;
      return () => {
        state.watching--;
      };
    },
    announce: () => {},
    get watching() {
      return state.watching;
    },
    close: async () => {},
  };
  return { watcher, state, tell: (status: ModelStatus) => listener!(snapshot(status)), fail: (error: Error) => onError!(error) };
}

const snapshot = (status: ModelStatus): StatusSnapshot => ({ project: 'p', version: '1', status, statusMessage: null, at: new Date() });
const model = { project: 'p', version: '1' };

describe('StatusStream', () => {
  it('starts with the first status, yields each in turn, and ends the watch on return()', async () => {
    const hand = handWatcher();
    const stream = new StatusStream(hand.watcher, model);
    const started = stream.started();
    hand.tell(ModelStatus.TRAINED);
    await started;
    hand.tell(ModelStatus.STARTING_HOSTING);
    expect((await stream.next()).value.status).toBe('TRAINED');
    expect((await stream.next()).value.status).toBe('STARTING_HOSTING');
    const pending = stream.next();
    hand.tell(ModelStatus.HOSTED);
    expect((await pending).value.status).toBe('HOSTED');
    const waiting = stream.next();
    expect(await stream.return()).toEqual({ value: undefined, done: true });
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(hand.state.watching).toBe(0);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('refuses to start when the watch ends before a status (the model does not exist)', async () => {
    const hand = handWatcher();
    const stream = new StatusStream(hand.watcher, model);
    const started = stream.started();
    hand.fail(new Error('NOT_FOUND'));
    await expect(started).rejects.toThrow('NOT_FOUND');
  });

  it('tells the queued statuses before the error that ended the watch, then is done', async () => {
    const hand = handWatcher();
    const stream = new StatusStream(hand.watcher, model);
    hand.tell(ModelStatus.DELETING);
    hand.fail(new Error('gone'));
    expect((await stream.next()).value.status).toBe('DELETING');
    await expect(stream.next()).rejects.toThrow('gone');
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps only the newest statuses for a reader that falls behind', async () => {
    const hand = handWatcher();
    const stream = new StatusStream(hand.watcher, model);
    const told = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? ModelStatus.TRAINED : ModelStatus.HOSTED));
    for (const status of told) hand.tell(status);
    const reads: string[] = [];
    for (let i = 0; i < 32; i++) reads.push((await stream.next()).value.status);
    expect(reads).toEqual(told.slice(8)); // the 8 oldest were dropped
    await stream.return();
  });
});
