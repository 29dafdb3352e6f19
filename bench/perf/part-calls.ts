import { DescribeProjectCommand, ListModelsCommand, ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import type { Bench } from './context';
import type { GatewayClient } from './gateway-client';

export interface CallsFigure {
  query: string;
  /** The loaders' minimum, from the formula and the counts of projects, datasets and versions. */
  minimum: number;
  formula: string;
  /** Lookout calls the query caused with the shared read cache off: the first run, and the most of two later runs. */
  firstRun: number;
  laterRuns: number;
  /** The most of all runs: what the target is checked on. */
  calls: number;
  /** The first run's calls by operation. */
  byOperation: Record<string, number>;
  /** On the default gateway, the second of two runs back to back (the shared cache may answer it). */
  repeatedWithSharedCache: number;
}

interface Counts {
  projects: number;
  datasets: number;
  /** Model versions in all projects. */
  versions: number;
}

interface Case {
  query: string;
  formula: string;
  minimum(c: Counts): number;
}

/**
 * The loaders' minimum of each query, by hand: Lookout has no batch reads, so
 * the least a query can cost is one call per distinct thing it needs:
 * ListProjects (one page up to 100 projects) gives names and ARNs;
 * ListModels per project gives versions, status and performance;
 * DescribeProject gives a project's datasets; DescribeDataset their image
 * counts; DescribeModel a version's inference units; ListTagsForResource on a
 * project its aliases, on a model its policy; DescribeModel also answers
 * modelStatus.
 */
function cases(project: string, version: string): Case[] {
  return [
    { query: '{ projects { name modelVersions { version status } } }', formula: '1 ListProjects + P ListModels', minimum: (c) => 1 + c.projects },
    {
      query: '{ projects { name datasets { type status imageStats { total normal anomaly } } } }',
      formula: '1 ListProjects + P DescribeProject + D DescribeDataset',
      minimum: (c) => 1 + c.projects + c.datasets,
    },
    {
      query: '{ projects { name modelVersions { version status minInferenceUnits maxInferenceUnits } } }',
      formula: '1 ListProjects + P ListModels + V DescribeModel',
      minimum: (c) => 1 + c.projects + c.versions,
    },
    {
      query: '{ projects { name aliases { name version } modelVersions { version aliases policy { idleStopMinutes } } } }',
      formula: '1 ListProjects + P ListModels + P ListTags (project) + V ListTags (model)',
      minimum: (c) => 1 + 2 * c.projects + c.versions,
    },
    {
      query: `{ a: project(name: "${project}") { name } b: project(name: "${project}") { arn datasets { type status } } }`,
      formula: '1 DescribeProject (the same key twice)',
      minimum: () => 1,
    },
    {
      query: `{ modelVersions(project: "${project}") { version status } modelStatus(project: "${project}", version: "${version}") { status ready } }`,
      formula: '1 ListModels + 1 DescribeModel',
      minimum: () => 2,
    },
    {
      query: `{ project(name: "${project}") { name modelVersion(version: "${version}") { status minInferenceUnits } modelVersions { version status } } }`,
      formula: '1 DescribeProject + 1 DescribeModel + 1 ListModels',
      minimum: () => 3,
    },
  ];
}

function total(calls: Map<string, number>): number {
  return [...calls.values()].reduce((a, b) => a + b, 0);
}

function difference(after: Map<string, number>, before: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...after].map(([op, n]) => [op, n - (before.get(op) ?? 0)]).filter(([, n]) => (n as number) > 0));
}

/** Part 5: Lookout calls per nested query, from the gateway's own SDK middleware count (/metrics). */
export async function upstreamCalls(b: Bench, uncached: GatewayClient): Promise<CallsFigure[]> {
  const counts = await countUpstream(b);
  const { project, version } = b.main;
  const out: CallsFigure[] = [];
  for (const c of cases(project, version)) {
    const runs: number[] = [];
    let byOperation: Record<string, number> = {};
    for (let i = 0; i < 3; i++) {
      const before = await uncached.upstreamCalls();
      await uncached.request(c.query);
      const after = await uncached.upstreamCalls();
      runs.push(total(after) - total(before));
      if (i === 0) byOperation = difference(after, before);
    }
    await b.gw.request(c.query);
    const before = await b.gw.upstreamCalls();
    await b.gw.request(c.query);
    const repeated = total(await b.gw.upstreamCalls()) - total(before);
    out.push({
      query: c.query,
      minimum: c.minimum(counts),
      formula: c.formula,
      firstRun: runs[0],
      laterRuns: Math.max(...runs.slice(1)),
      calls: Math.max(...runs),
      byOperation,
      repeatedWithSharedCache: repeated,
    });
  }
  b.log(`part 5: ${out.length} queries counted with P=${counts.projects}, D=${counts.datasets}, V=${counts.versions}`);
  return out;
}

/** P, D and V as the engine has them now, read straight from it. */
async function countUpstream(b: Bench): Promise<Counts> {
  const projects = (await b.upstream.lookout.send(new ListProjectsCommand({ MaxResults: 100 }))).Projects ?? [];
  let datasets = 0;
  let versions = 0;
  for (const p of projects) {
    const described = await b.upstream.lookout.send(new DescribeProjectCommand({ ProjectName: p.ProjectName }));
    datasets += described.ProjectDescription?.Datasets?.length ?? 0;
    const models = (await b.upstream.lookout.send(new ListModelsCommand({ ProjectName: p.ProjectName }))).Models ?? [];
    versions += models.length;
  }
  return { projects: projects.length, datasets, versions };
}
