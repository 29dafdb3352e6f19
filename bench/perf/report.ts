import type { CallsFigure } from './part-calls';
import type { ColdFigure } from './part-cold';
import type { DetectionFigure } from './part-detection';
import type { PacedFigure } from './part-paced-detection';
import type { EngineFigure } from './part-engine';
import type { ProfileFigure } from './part-profile';
import type { QueryFigure } from './part-query';
import type { OneImageFigure, UploadFigure } from './part-uploads';
import { cpuText, type Summary } from './summary';

/** Each part's figures; a part left out by BENCH_PARTS is absent. */
export interface Results {
  detection?: DetectionFigure[];
  /** Part 1 again, the body sent piece by piece (a client on a link): what the gateway adds after the last byte. */
  pacedDetection?: PacedFigure[];
  query?: QueryFigure;
  uploads?: UploadFigure;
  oneImage?: OneImageFigure;
  engine?: EngineFigure;
  calls?: CallsFigure[];
  cold?: ColdFigure;
  profiles: { detectionOneConnection?: ProfileFigure; detection?: ProfileFigure; query?: ProfileFigure; uploads?: ProfileFigure };
}

export interface Target {
  name: string;
  met: boolean;
  measured: string;
}

type Row = [figure: string, measured: string, reference: string, difference: string, target: string, met: string];

const ms = (v: number) => `${v.toFixed(1)} ms`;
const signedMs = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
const perSecond = (v: number) => `${v.toFixed(1)}/s`;
const kb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(0)} KB`);
const yes = (met: boolean) => (met ? 'yes' : '**no**');

/** The issue's targets, each met or not. */
export function targets(r: Results): Target[] {
  const out: Target[] = [];
  if (r.detection) {
    const d = r.detection;
    out.push({ name: 'detection: p50 at most 2 ms above direct', met: d.every((x) => x.p50DiffMs <= 2), measured: d.map((x) => `${x.image} c${x.connections} ${x.units}u ${signedMs(x.p50DiffMs)}`).join(', ') });
    const c8 = d.filter((x) => x.connections === 8);
    out.push({ name: 'detection: >= 95% of direct throughput at 8 connections', met: c8.length > 0 && c8.every((x) => x.throughputRatio >= 0.95), measured: c8.map((x) => `${x.image} ${x.units}u ${pct(x.throughputRatio)}`).join(', ') });
  }
  if (r.query) out.push({ name: "query path: >= 80% of a bare Apollo Server's throughput", met: r.query.throughputRatio >= 0.8, measured: pct(r.query.throughputRatio) });
  if (r.uploads) {
    out.push({ name: 'uploads: >= 200 MB/s', met: r.uploads.gatewayMBps >= 200, measured: `${r.uploads.gatewayMBps} MB/s` });
    out.push({ name: 'uploads: peak RSS growth under 3x the bytes in flight', met: r.uploads.growthOverInFlight < 3, measured: `${r.uploads.growthOverInFlight.toFixed(2)}x` });
  }
  if (r.engine) out.push({ name: 'engine: 2 units >= 1.6x the detections/s of 1', met: r.engine.units.ratio >= 1.6, measured: `${r.engine.units.ratio.toFixed(2)}x` });
  if (r.calls) {
    out.push({
      name: "upstream calls: no nested query above the loaders' minimum",
      met: r.calls.every((c) => c.calls <= c.minimum),
      measured: r.calls.map((c) => `${c.firstRun}, ${c.laterRuns} / ${c.minimum}`).join('; '),
    });
  }
  return out;
}

export function table(r: Results): string {
  const rows: Row[] = [];
  for (const d of r.detection ?? []) {
    const name = `1. detect, ${d.image} (${kb(d.imageBytes)}), ${d.connections} conn., ${d.units} unit${d.units > 1 ? 's' : ''}`;
    rows.push([`${name}: p50`, ms(d.gateway.p50), ms(d.direct.p50), signedMs(d.p50DiffMs), '<= +2 ms', yes(d.p50DiffMs <= 2)]);
    rows.push([`${name}: p99`, ms(d.gateway.p99), ms(d.direct.p99), signedMs(d.p99DiffMs), '', '']);
    const c8 = d.connections === 8;
    rows.push([`${name}: throughput`, perSecond(d.gateway.rps), perSecond(d.direct.rps), pct(d.throughputRatio), c8 ? '>= 95%' : '', c8 ? yes(d.throughputRatio >= 0.95) : '']);
  }
  for (const p of r.pacedDetection ?? []) {
    const name = `1. detect, ${p.image} (${kb(p.imageBytes)}) sent in 64 KiB pieces ${p.gapMs} ms apart, 1 conn.: last byte to answer, p50`;
    rows.push([name, ms(p.gatewayMs), ms(p.directMs), signedMs(p.differenceMs), '', '']);
  }
  const q = r.query;
  if (q) {
    rows.push([`2. projects query vs bare Apollo, ${q.connections} conn.: throughput`, perSecond(q.gateway.rps), perSecond(q.bare.rps), pct(q.throughputRatio), '>= 80%', yes(q.throughputRatio >= 0.8)]);
    rows.push([`2. ... p99`, ms(q.gateway.p99), ms(q.bare.p99), signedMs(q.gateway.p99 - q.bare.p99), '', '']);
    rows.push([`2. ... READ_CACHE_TTL_MS=0: throughput`, perSecond(q.gatewayNoSharedCache.rps), perSecond(q.bare.rps), pct(q.throughputRatioNoSharedCache), '', '']);
    rows.push([`2. ... READ_CACHE_TTL_MS=0: p99`, ms(q.gatewayNoSharedCache.p99), ms(q.bare.p99), signedMs(q.gatewayNoSharedCache.p99 - q.bare.p99), '', '']);
  }
  const u = r.uploads;
  if (u) {
    rows.push([`3. addImages, ${kb(u.imageBytes)} PNG, ${u.connections} conn.: MB/s`, `${u.gatewayMBps} MB/s`, `${u.directPutMBps} MB/s (PutObject to the engine)`, pct(u.ratio), '>= 200 MB/s', yes(u.gatewayMBps >= 200)]);
    rows.push([`3. ... gateway peak RSS growth`, `${u.rssGrowthMiB} MiB (${u.rssBeforeMiB} -> ${u.rssPeakMiB})`, `${u.inFlightMiB} MiB in flight`, `${u.growthOverInFlight.toFixed(2)}x`, '< 3x', yes(u.growthOverInFlight < 3)]);
  }
  const one = r.oneImage;
  if (one) {
    rows.push([`3. addImages of one 64x64 PNG into a dataset of ${one.entries}, one at a time: p50`, ms(one.largeP50Ms), `${ms(one.smallP50Ms)} (into a dataset of 1)`, signedMs(one.largeP50Ms - one.smallP50Ms), '', '']);
  }
  for (const s of r.engine?.perSize ?? []) {
    rows.push([`4. engine, ${s.size} (${s.width}x${s.height}, ${kb(s.imageBytes)} JPEG), 1 unit, 1 conn.: p50`, ms(s.summary.p50), '', '', '', '']);
  }
  const e = r.engine?.units;
  if (e) rows.push([`4. engine, 2 units vs 1, ${e.connections} conn.: detections/s`, perSecond(e.two.rps), perSecond(e.one.rps), `${e.ratio.toFixed(2)}x`, '>= 1.6x', yes(e.ratio >= 1.6)]);
  for (const c of r.calls ?? []) {
    rows.push([
      `5. \`${c.query.length > 70 ? c.query.slice(0, 67) + '...' : c.query}\``,
      `${c.firstRun} calls first, ${c.laterRuns} later`,
      `${c.minimum} (${c.formula})`,
      `shared cache, run again at once: ${c.repeatedWithSharedCache}`,
      '<= minimum',
      yes(c.calls <= c.minimum),
    ]);
  }
  const cold = r.cold;
  if (cold) {
    rows.push(['6. start (embedded engine, existing data) to listening', ms(cold.listeningMs), '', '', '', '']);
    rows.push(['6. start to /readyz 200', ms(cold.readyMs), '', '', '', '']);
    rows.push(['6. start to first detection (model hosted again)', ms(cold.firstDetectionMs), '', '', '', '']);
    for (const [units, t] of Object.entries(cold.startToHosted.byUnits)) {
      rows.push([`6. startModel (${units}) to HOSTED`, `${ms(t.gatewayMs)} (startModel wait: true)`, `${ms(t.engineMs)} (engine HOSTED)`, signedMs(t.gatewayMs - t.engineMs), '', '']);
    }
  }
  const lines = ['| figure | measured (gateway) | reference | difference / ratio | target | met |', '|---|---|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

export function details(r: Results): string {
  const lines: string[] = ['CPU (cores busy, medians of the rounds):'];
  for (const d of r.detection ?? []) lines.push(`  1. ${d.image} c${d.connections} ${d.units}u: direct: ${cpuText(d.direct.cpu)}; through the gateway: ${cpuText(d.gateway.cpu)}`);
  if (r.query) lines.push(`  2. gateway: ${cpuText(r.query.gateway.cpu)}; READ_CACHE_TTL_MS=0: ${cpuText(r.query.gatewayNoSharedCache.cpu)}; bare: ${cpuText(r.query.bare.cpu)}`);
  if (r.uploads) lines.push(`  3. addImages: ${cpuText(r.uploads.cpu)}`);
  if (r.engine) lines.push(`  4. 1 unit: ${cpuText(r.engine.units.one.cpu)}; 2 units: ${cpuText(r.engine.units.two.cpu)}`);
  lines.push('CPU time per request, ms (medians of the rounds):');
  const per = (s: Summary, name: string) => (s.cpuMsPerRequest[name] ?? NaN).toFixed(1);
  for (const d of r.detection ?? []) {
    lines.push(`  1. ${d.image} c${d.connections} ${d.units}u: gateway ${per(d.gateway, 'gateway')}; engine ${per(d.gateway, 'engine')} through the gateway, ${per(d.direct, 'engine')} direct`);
  }
  if (r.query) lines.push(`  2. gateway ${per(r.query.gateway, 'gateway')}; READ_CACHE_TTL_MS=0: gateway ${per(r.query.gatewayNoSharedCache, 'gateway (no shared cache)')} + engine ${per(r.query.gatewayNoSharedCache, 'engine')}; bare Apollo ${per(r.query.bare, 'bare Apollo')}`);
  if (r.uploads) lines.push(`  3. addImages: gateway ${r.uploads.gatewayCpuMsPerUpload}; engine ${r.uploads.engineCpuMsPerUpload}`);
  lines.push('Rounds (p50 ms / p99 ms / per s):');
  const f = (s: Summary) => s.rounds.map((x) => `${x.p50}/${x.p99}/${x.rps}`).join(' ');
  for (const d of r.detection ?? []) lines.push(`  1. ${d.image} c${d.connections} ${d.units}u: direct ${f(d.direct)}; gateway ${f(d.gateway)}`);
  if (r.query) lines.push(`  2. gateway ${f(r.query.gateway)}; READ_CACHE_TTL_MS=0 ${f(r.query.gatewayNoSharedCache)}; bare ${f(r.query.bare)}`);
  if (r.engine) lines.push(`  4. 1 unit ${f(r.engine.units.one)}; 2 units ${f(r.engine.units.two)}`);
  if (r.uploads) lines.push(`  3. addImages: gateway RSS grew at most ${r.uploads.roundGrowthMiB} MiB within one round; p50 of an upload ${r.uploads.gatewayP50Ms} ms (PutObject ${r.uploads.directP50Ms} ms)`);
  const failures = [
    ...(r.detection ?? []).flatMap((d) => [...d.direct.failures, ...d.gateway.failures]),
    ...(r.query ? [...r.query.gateway.failures, ...r.query.gatewayNoSharedCache.failures, ...r.query.bare.failures] : []),
    ...(r.uploads?.failures ?? []),
    ...(r.engine ? [...r.engine.units.one.failures, ...r.engine.units.two.failures, ...r.engine.perSize.flatMap((p) => p.summary.failures)] : []),
  ];
  const failed =
    (r.detection ?? []).reduce((a, d) => a + d.direct.failed + d.gateway.failed, 0) +
    (r.query ? r.query.gateway.failed + r.query.bare.failed + r.query.gatewayNoSharedCache.failed : 0) +
    (r.uploads?.failed ?? 0) +
    (r.engine ? r.engine.units.one.failed + r.engine.units.two.failed + r.engine.perSize.reduce((a, p) => a + p.summary.failed, 0) : 0);
  lines.push(`Failed requests: ${failed}${failures.length ? `; first ones: ${failures.slice(0, 3).join(' | ')}` : ''}`);
  if (r.calls) {
    lines.push('Upstream calls by operation (first run, shared cache off):');
    for (const c of r.calls) lines.push(`  ${c.query}: ${JSON.stringify(c.byOperation)}`);
  }
  for (const [name, p] of Object.entries(r.profiles)) {
    if (!p) continue;
    lines.push(`Gateway CPU profile (${name}): ${p.what} (${p.file}; ${p.totalMs} ms under load, ${pct(p.idleShare)} idle). Self time, share of busy time:`);
    for (const fn of p.functions) lines.push(`  ${pct(fn.share).padStart(4)} ${String(fn.ms).padStart(6)} ms  ${fn.name}  ${fn.where}`);
    lines.push('  by area:');
    for (const a of p.areas) lines.push(`  ${pct(a.share).padStart(4)} ${String(a.ms).padStart(6)} ms  ${a.area}`);
  }
  return lines.join('\n');
}
