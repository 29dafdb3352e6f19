import { DescribeModelCommand, ListTagsForResourceCommand, ServiceQuotaExceededException, StopModelCommand, type LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../src/auth/api-keys';
import { Authenticator } from '../src/auth/authenticator';
import { DetectAnomaliesDocument, StartModelDocument, StopModelDocument } from '../src/client/generated/graphql';
import { countCommands } from './support/command-counter';
import { sdkClient, type RunningEngine } from './support/engine-harness';
import { startGateway, type RunningGateway } from './support/gateway-harness';
import { codesOf } from './support/graphql-client';
import { ManualClock } from './support/manual-clock';
import { neverHostedClient } from './support/never-hosted-client';
import { copyOfTrainedModel, engineWithTrainedModel, hostedModel, settledModel } from './support/model-fixtures';

// Runtime management against the real engine: idempotent control, waiting,
// policies applied by the scheduler under a clock the test moves, accounting
// and the audit. No real minutes pass.
const PROJECT = 'line-7';
let engine: RunningEngine;
let version: string;
let image: Buffer;

beforeAll(async () => {
  ({ engine, version, image } = await engineWithTrainedModel(PROJECT));
}, 120_000);
afterAll(() => engine?.close());

/** A TRAINED model of its own for each test. */
const freshModel = () => copyOfTrainedModel(engine.engine, PROJECT, version);
const status = (client: LookoutVisionClient, v: string) =>
  client.send(new DescribeModelCommand({ ProjectName: PROJECT, ModelVersion: v })).then((o) => o.ModelDescription!.Status);

async function gql<T = Record<string, unknown>>(gw: RunningGateway, source: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: source, variables }) });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Removes a test's policy, so the scheduler passes of later tests see only their own. */
const clearPolicy = (gw: RunningGateway, v: string) => gql(gw, 'mutation($p: String!, $v: String!) { setModelPolicy(project: $p, version: $v) { policy { idleStopMinutes } } }', { p: PROJECT, v });

const detect = (gw: RunningGateway, v: string) => gw.client.upload(DetectAnomaliesDocument, { project: PROJECT, version: v }, { bytes: image });

describe('idempotent control', () => {
  let gw: RunningGateway;
  let sent: ReturnType<typeof countCommands>;
  let client: LookoutVisionClient;
  beforeAll(async () => {
    client = sdkClient(engine.url);
    sent = countCommands(client);
    gw = await startGateway(client);
  });
  afterAll(() => gw.close());

  it('answers a start of a model already starting or hosted with its status, and a stop of a stopped one likewise', async () => {
    const v = freshModel();
    const first = await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1 });
    expect(first.errors).toBeUndefined();
    expect(first.data?.startModel.status).toBe('STARTING_HOSTING');
    sent.reset();
    const again = await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1 });
    expect(again.errors).toBeUndefined();
    expect(['STARTING_HOSTING', 'HOSTED']).toContain(again.data?.startModel.status);
    expect(sent.of('StartModel')).toBe(0);

    await settledModel(engine.client, PROJECT, v);
    const otherUnits = await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 2 });
    expect(codesOf(otherUnits)).toEqual(['CONFLICT']);
    expect(otherUnits.errors?.[0].message).toMatch(/already HOSTED with 1-1 inference units/);
    expect(otherUnits.errors?.[0].extensions).toMatchObject({ currentMinInferenceUnits: 1, currentMaxInferenceUnits: 1 });

    const stop = await gw.client.request(StopModelDocument, { project: PROJECT, version: v, wait: true, timeoutSeconds: 60 });
    expect(stop.data?.stopModel).toMatchObject({ status: 'TRAINED', ready: false });
    sent.reset();
    const stopAgain = await gw.client.request(StopModelDocument, { project: PROJECT, version: v });
    expect(stopAgain.data?.stopModel.status).toBe('TRAINED');
    expect(sent.of('StopModel')).toBe(0);
  });

  it('sends one StartModel upstream for concurrent starts of one model', async () => {
    const v = freshModel();
    sent.reset();
    const answers = await Promise.all(Array.from({ length: 5 }, () => gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1 })));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(['STARTING_HOSTING', 'HOSTED']).toContain(answer.data?.startModel.status);
    }
    expect(sent.of('StartModel')).toBe(1);
    await gw.client.request(StopModelDocument, { project: PROJECT, version: v, wait: true, timeoutSeconds: 60 });
  });

  it('answers the status another client already brought about when Lookout answers ConflictException', async () => {
    const v = freshModel();
    // Another replica starts the model between this gateway's look and its StartModel.
    const stale = sdkClient(engine.url);
    let first = true;
    stale.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DescribeModelCommand' && first) {
          first = false;
          const answer = await next(args);
          await hostedModel(engine.client, PROJECT, v);
          return answer; // still says TRAINED
        }
        return next(args);
      },
      { step: 'initialize', name: 'otherReplicaStartsMeanwhile' },
    );
    const staleSent = countCommands(stale);
    const other = await startGateway(stale);
    try {
      const res = await other.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1 });
      expect(res.errors).toBeUndefined();
      expect(res.data?.startModel.status).toBe('HOSTED');
      expect(staleSent.of('StartModel')).toBe(1); // it tried, was refused, and looked again
    } finally {
      await other.close();
      await gw.client.request(StopModelDocument, { project: PROJECT, version: v, wait: true, timeoutSeconds: 60 });
    }
  });
});

describe('waiting', () => {
  it('returns once the model is HOSTED, with ready', async () => {
    const gw = await startGateway(sdkClient(engine.url));
    try {
      const v = freshModel();
      const res = await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1, wait: true, timeoutSeconds: 60 });
      expect(res.errors).toBeUndefined();
      expect(res.data?.startModel).toMatchObject({ project: PROJECT, version: v, status: 'HOSTED', ready: true });
      const stopped = await gw.client.request(StopModelDocument, { project: PROJECT, version: v, wait: true, timeoutSeconds: 60 });
      expect(stopped.data?.stopModel).toMatchObject({ status: 'TRAINED', ready: false });
    } finally {
      await gw.close();
    }
  });

  it('fails with TIMEOUT naming the last status when the model does not settle in time', async () => {
    const v = freshModel();
    // Hosting that never finishes: this client sees the model STARTING_HOSTING for ever.
    const gw = await startGateway(neverHostedClient(engine.url));
    try {
      const started = Date.now();
      const res = await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1, wait: true, timeoutSeconds: 2 });
      expect(codesOf(res)).toEqual(['TIMEOUT']);
      expect(res.errors?.[0].extensions).toMatchObject({ status: 'STARTING_HOSTING', resourceId: `${PROJECT}/${v}`, resourceType: 'MODEL' });
      expect(res.errors?.[0].message).toMatch(/did not settle within 2 s; it is STARTING_HOSTING/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await gw.close();
      await settledModel(engine.client, PROJECT, v);
      await engine.client.send(new StopModelCommand({ ProjectName: PROJECT, ModelVersion: v }));
      await settledModel(engine.client, PROJECT, v);
    }
  });
});

describe('policies, applied by the scheduler', () => {
  it('stores the policy as tags on the model, shows it on ModelVersion, and keeps it across a restart', async () => {
    const v = freshModel();
    const gw = await startGateway(sdkClient(engine.url));
    const set = await gql(gw, 'mutation($p: String!, $v: String!) { setModelPolicy(project: $p, version: $v, idleStopMinutes: 30, schedule: { timeZone: "europe/berlin", windows: [{ days: [MON, TUE, WED, THU, FRI], start: "08:00", end: "18:00" }] }) { policy { idleStopMinutes schedule { timeZone windows { days start end } } } } }', { p: PROJECT, v });
    expect(set.errors).toBeUndefined();
    // The zone as ICU spells it, whatever the case it was given in.
    const expected = { idleStopMinutes: 30, schedule: { timeZone: 'Europe/Berlin', windows: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '08:00', end: '18:00' }] } };
    expect(set.data?.setModelPolicy).toEqual({ policy: expected });
    const arn = (await engine.client.send(new DescribeModelCommand({ ProjectName: PROJECT, ModelVersion: v }))).ModelDescription!.ModelArn!;
    const tags = (await engine.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: 'lookout-gateway:idle-stop-minutes', Value: '30' },
        { Key: 'lookout-gateway:schedule', Value: 'Europe/Berlin MON+TUE+WED+THU+FRI@08:00-18:00' },
      ]),
    );
    await gw.close();

    // A new gateway with an empty state store reads the policy back from the tags.
    const restarted = await startGateway(sdkClient(engine.url));
    try {
      const read = await gql<{ modelVersion: { policy: unknown } }>(restarted, 'query($p: String!, $v: String!) { modelVersion(project: $p, version: $v) { policy { idleStopMinutes schedule { timeZone windows { days start end } } } } }', { p: PROJECT, v });
      expect(read.data?.modelVersion.policy).toEqual(expected);
      expect(await restarted.runtime.store.policies()).toEqual([]);
      await restarted.runtime.scheduler.tick();
      expect(await restarted.runtime.store.policies()).toEqual(expect.arrayContaining([expect.objectContaining({ project: PROJECT, version: v, idleStopMinutes: 30 })]));
      // Clearing it removes the tags.
      const cleared = await gql(restarted, 'mutation($p: String!, $v: String!) { setModelPolicy(project: $p, version: $v) { policy { idleStopMinutes schedule { timeZone } } } }', { p: PROJECT, v });
      expect(cleared.data?.setModelPolicy).toEqual({ policy: { idleStopMinutes: null, schedule: null } });
      const after = (await engine.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? [];
      expect(after.filter((t) => t.Key?.startsWith('lookout-gateway:'))).toEqual([]);
    } finally {
      await restarted.close();
    }
  });

  it.each([
    ['a time zone that does not exist', '{ timeZone: "Mars/Olympus", windows: [{ days: [MON], start: "08:00", end: "09:00" }] }', 'schedule'],
    ['a window that ends before it starts', '{ timeZone: "UTC", windows: [{ days: [MON], start: "18:00", end: "08:00" }] }', 'schedule'],
    ['a time that is no time', '{ timeZone: "UTC", windows: [{ days: [MON], start: "8am", end: "09:00" }] }', 'start'],
    ['no days', '{ timeZone: "UTC", windows: [{ days: [], start: "08:00", end: "09:00" }] }', 'days'],
  ])('refuses a schedule with %s as BAD_USER_INPUT', async (_case, schedule, _argument) => {
    const gw = await startGateway(sdkClient(engine.url));
    try {
      const res = await gql(gw, `mutation($p: String!, $v: String!) { setModelPolicy(project: $p, version: $v, schedule: ${schedule}) { policy { idleStopMinutes } } }`, { p: PROJECT, v: version });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await gw.close();
    }
  });

  it('stops a model idle past its idle time, not before, and a detection resets the clock', async () => {
    const v = freshModel();
    const clock = new ManualClock(Date.parse('2026-06-01T10:00:00Z'));
    const gw = await startGateway(sdkClient(engine.url), { runtime: { clock } });
    try {
      await gql(gw, 'mutation($p: String!, $v: String!) { setModelPolicy(project: $p, version: $v, idleStopMinutes: 30) { policy { idleStopMinutes } } }', { p: PROJECT, v });
      const started = await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1, wait: true, timeoutSeconds: 60 });
      expect(started.data?.startModel.status).toBe('HOSTED');
      await gw.runtime.scheduler.tick();
      expect(await status(engine.client, v)).toBe('HOSTED');

      clock.advance(20);
      const detection = await detect(gw, v);
      expect(detection.errors).toBeUndefined();
      await gw.runtime.ledger.flush();
      clock.advance(20); // 40 minutes hosted, 20 since the detection
      await gw.runtime.scheduler.tick();
      expect(await status(engine.client, v)).toBe('HOSTED');

      clock.advance(11); // 31 minutes since the detection
      await gw.runtime.scheduler.tick();
      expect((await settledModel(engine.client, PROJECT, v)).Status).toBe('TRAINED');
      expect(gw.lines).toContain(`policy idle-stop of ${PROJECT}/${v}: ok`);

      const events = await gql<{ modelEvents: { actor: string; action: string; fromStatus: string; result: string }[] }>(gw, 'query($p: String!, $v: String!) { modelEvents(project: $p, version: $v) { actor action fromStatus result } }', { p: PROJECT, v });
      expect(events.data?.modelEvents.slice(0, 3)).toEqual([
        { actor: 'policy', action: 'idle-stop', fromStatus: 'HOSTED', result: 'STOPPING_HOSTING' },
        { actor: 'development', action: 'start', fromStatus: 'TRAINED', result: 'STARTING_HOSTING' },
        { actor: 'development', action: 'set-policy', fromStatus: 'TRAINED', result: 'ok' },
      ]);
    } finally {
      await clearPolicy(gw, v);
      await gw.close();
    }
  });

  it('keeps a model hosted inside its schedule windows and stops it outside, by Berlin time across the spring DST change', async () => {
    const v = freshModel();
    // Friday 27 March 2026, 06:59 UTC = 07:59 CET: the window opens at 07:00 UTC.
    const clock = new ManualClock(Date.parse('2026-03-27T06:59:00Z'));
    const gw = await startGateway(sdkClient(engine.url), { runtime: { clock } });
    try {
      await gql(gw, 'mutation($p: String!, $v: String!) { setModelPolicy(project: $p, version: $v, schedule: { timeZone: "Europe/Berlin", windows: [{ days: [MON, TUE, WED, THU, FRI], start: "08:00", end: "18:00" }] }) { policy { idleStopMinutes } } }', { p: PROJECT, v });
      await gw.runtime.scheduler.tick();
      expect(await status(engine.client, v)).toBe('TRAINED');
      clock.set('2026-03-27T07:00:00Z');
      await gw.runtime.scheduler.tick();
      expect((await settledModel(engine.client, PROJECT, v)).Status).toBe('HOSTED');
      // Inside the window an idle model stays hosted; at 17:00 UTC (18:00 CET) it stops.
      clock.set('2026-03-27T16:59:00Z');
      await gw.runtime.scheduler.tick();
      expect(await status(engine.client, v)).toBe('HOSTED');
      clock.set('2026-03-27T17:00:00Z');
      await gw.runtime.scheduler.tick();
      expect((await settledModel(engine.client, PROJECT, v)).Status).toBe('TRAINED');
      // After the change to summer time, Monday's window opens at 06:00 UTC (08:00 CEST), not 07:00.
      clock.set('2026-03-30T05:59:00Z');
      await gw.runtime.scheduler.tick();
      expect(await status(engine.client, v)).toBe('TRAINED');
      clock.set('2026-03-30T06:00:00Z');
      await gw.runtime.scheduler.tick();
      expect((await settledModel(engine.client, PROJECT, v)).Status).toBe('HOSTED');
      clock.set('2026-03-30T16:00:00Z');
      await gw.runtime.scheduler.tick();
      expect((await settledModel(engine.client, PROJECT, v)).Status).toBe('TRAINED');

      const events = await gql<{ modelEvents: { actor: string; action: string }[] }>(gw, 'query($p: String!, $v: String!) { modelEvents(project: $p, version: $v, last: 4) { actor action } }', { p: PROJECT, v });
      expect(events.data?.modelEvents).toEqual([
        { actor: 'policy', action: 'scheduled-stop' },
        { actor: 'policy', action: 'scheduled-start' },
        { actor: 'policy', action: 'scheduled-stop' },
        { actor: 'policy', action: 'scheduled-start' },
      ]);
    } finally {
      await clearPolicy(gw, v);
      await gw.close();
    }
  });
});

describe('automatic actions that fail', () => {
  it('are retried after doubling pauses, not on every tick', async () => {
    const v = freshModel();
    const clock = new ManualClock(Date.parse('2026-06-01T10:00:00Z'));
    // Lookout refuses every start of this model: the account has no inference units left.
    const refusing = sdkClient(engine.url);
    refusing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'StartModelCommand') {
          throw new ServiceQuotaExceededException({ message: 'No inference units left.', Message: 'No inference units left.', $metadata: { httpStatusCode: 402 }, QuotaCode: 'L-UNITS', ServiceCode: 'lookoutvision' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'noUnitsLeft' },
    );
    const gw = await startGateway(refusing, { runtime: { clock } });
    try {
      await gql(gw, 'mutation($p: String!, $v: String!) { setModelPolicy(project: $p, version: $v, schedule: { timeZone: "UTC", windows: [{ days: [MON, TUE, WED, THU, FRI, SAT, SUN], start: "00:00", end: "24:00" }] }) { policy { idleStopMinutes } } }', { p: PROJECT, v });
      const attempts = async () =>
        (await gw.runtime.audit.recent({ project: PROJECT, version: v }, 50)).filter((e) => e.action === 'scheduled-start').map((e) => e.result);
      await gw.runtime.scheduler.tick();
      expect(await attempts()).toEqual(['QUOTA_EXCEEDED']);
      await gw.runtime.scheduler.tick(); // same moment: no new attempt
      expect(await attempts()).toHaveLength(1);
      clock.advance(0.5); // one tick (30 s) later: the first retry
      await gw.runtime.scheduler.tick();
      expect(await attempts()).toHaveLength(2);
      clock.advance(0.5); // the next pause is two ticks
      await gw.runtime.scheduler.tick();
      expect(await attempts()).toHaveLength(2);
      clock.advance(0.5);
      await gw.runtime.scheduler.tick();
      expect(await attempts()).toHaveLength(3);
      expect(gw.lines.filter((l) => l.startsWith('policy scheduled-start') && l.includes(`${PROJECT}/${v}:`))).toEqual(Array(3).fill(`policy scheduled-start of ${PROJECT}/${v}: QUOTA_EXCEEDED`));
    } finally {
      await clearPolicy(gw, v);
      await gw.close();
    }
  });
});

describe('accounting', () => {
  it('counts hosting time in unit-minutes, detections and anomalies, per session and in total', async () => {
    const v = freshModel();
    const clock = new ManualClock(Date.parse('2026-06-01T10:00:00Z'));
    const gw = await startGateway(sdkClient(engine.url), { runtime: { clock } });
    const hosting = async () =>
      (
        await gql<{ modelVersion: { hosting: Record<string, unknown> } }>(
          gw,
          'query($p: String!, $v: String!) { modelVersion(project: $p, version: $v) { hosting { since minInferenceUnits maxInferenceUnits detections anomalies lastInferenceAt unitMinutes totalUnitMinutes } } }',
          { p: PROJECT, v },
        )
      ).data!.modelVersion.hosting;
    try {
      expect(await hosting()).toEqual({ since: null, minInferenceUnits: null, maxInferenceUnits: null, detections: 0, anomalies: 0, lastInferenceAt: null, unitMinutes: 0, totalUnitMinutes: 0 });
      await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 2, maxInferenceUnits: 3, wait: true, timeoutSeconds: 60 });
      clock.advance(30);
      for (let i = 0; i < 3; i++) expect((await detect(gw, v)).errors).toBeUndefined();
      const during = await hosting();
      expect(during).toMatchObject({ since: '2026-06-01T10:00:00.000Z', minInferenceUnits: 2, maxInferenceUnits: 3, detections: 3, unitMinutes: 60, totalUnitMinutes: 60 });
      expect(during.lastInferenceAt).toBe('2026-06-01T10:30:00.000Z');
      await gw.client.request(StopModelDocument, { project: PROJECT, version: v, wait: true, timeoutSeconds: 60 });
      clock.advance(60);
      await gw.client.request(StartModelDocument, { project: PROJECT, version: v, minInferenceUnits: 1, wait: true, timeoutSeconds: 60 });
      clock.advance(15);
      expect(await hosting()).toMatchObject({ since: '2026-06-01T11:30:00.000Z', minInferenceUnits: 1, detections: 0, unitMinutes: 15, totalUnitMinutes: 75 });
      await gw.client.request(StopModelDocument, { project: PROJECT, version: v, wait: true, timeoutSeconds: 60 });
    } finally {
      await gw.close();
    }
  });
});

describe('roles of the runtime operations', () => {
  it('lets only admins set policies and read the audit', async () => {
    const authenticator = new Authenticator(ApiKeys.fromConfig('ops:admin:admin-key-0123456789abcdef,board:viewer:viewer-key-0123456789abcdef', undefined), null);
    const gw = await startGateway(sdkClient(engine.url), { security: { authenticator } });
    try {
      const as = (key: string, query: string) =>
        fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query }) }).then((r) => r.json() as Promise<{ errors?: { extensions: { code: string } }[] }>);
      const policy = `mutation { setModelPolicy(project: "${PROJECT}", version: "${version}", idleStopMinutes: 10) { policy { idleStopMinutes } } }`;
      const audit = `{ modelEvents(project: "${PROJECT}", version: "${version}") { action } }`;
      expect((await as('viewer-key-0123456789abcdef', policy)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await as('viewer-key-0123456789abcdef', audit)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await as('admin-key-0123456789abcdef', audit)).errors).toBeUndefined();
      expect((await as('admin-key-0123456789abcdef', `mutation { setModelPolicy(project: "${PROJECT}", version: "${version}") { policy { idleStopMinutes } } }`)).errors).toBeUndefined();
    } finally {
      await gw.close();
    }
  });
});
