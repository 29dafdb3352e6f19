import { globalId } from '../schema/global-id';
import type { Dataset } from '../schema/dataset.type';
import { ImageLabel, type DatasetEntry, type DatasetEntryConnection, type DatasetEntryEdge, type DatasetEntryFilter, type RelabelInput } from '../schema/dataset-entry.type';
import type { DatasetType } from '../schema/enums';
import type { Clock } from '../runtime/clock';
import { pollUntil } from '../util/poll-until';
import { decodeCursor, encodeCursor } from './dataset-cursor';
import { ErrorCode } from './error-codes';
import { badInput, gatewayError, hasCode } from './gateway-error';
import type { Loaders } from './loaders';
import type { LookoutApi } from './lookout-api';
import { readEntry, relabelLine, type EntryView } from './manifest-lines';
import { fromDatasetType, toDataset } from './mappers';

const PAGE_LIMIT = 100;

function badInputAt(index: number, message: string) {
  return gatewayError(ErrorCode.BAD_USER_INPUT, message, { argument: 'changes', index });
}

/** A dataset's images for one GraphQL request: listing them, and changing their labels. */
export class DatasetService {
  constructor(
    private readonly api: LookoutApi,
    private readonly loaders: Loaders,
    private readonly clock: Clock,
  ) {}

  /** A Relay connection over ListDatasetEntries. */
  async entries(input: { project: string; dataset: DatasetType; filter?: DatasetEntryFilter | null; first: number; after?: string | null }): Promise<DatasetEntryConnection> {
    const type = fromDatasetType(input.dataset);
    const start = input.after ? decodeCursor(input.after) : { token: undefined, skip: 0 };
    if (!start) throw badInput('after', 'after is not a cursor this API gave out.');
    const filter = lookoutFilter(input.filter);
    const edges: DatasetEntryEdge[] = [];
    let { token, skip } = start;
    let hasNextPage = false;
    for (;;) {
      const page = await this.api.listDatasetEntries(input.project, type, filter, { maxResults: PAGE_LIMIT, nextToken: token }).catch((error: unknown) => {
        // A cursor of the right shape whose token Lookout does not know: the client's `after`, not Lookout's NextToken.
        throw token !== undefined && hasCode(error, ErrorCode.BAD_USER_INPUT) && /NextToken/i.test(error.message) ? badInput('after', 'after is not a cursor this API gave out.') : error;
      });
      for (let i = skip; i < page.entries.length; i++) {
        if (edges.length === input.first) {
          hasNextPage = true;
          break;
        }
        const view = readEntry(page.entries[i]);
        if (!view) continue;
        const last = i === page.entries.length - 1;
        const cursor = last && page.nextToken ? { token: page.nextToken, skip: 0 } : { token, skip: i + 1 };
        edges.push({ cursor: encodeCursor(cursor), node: toEntry(input.project, type, view) });
      }
      if (hasNextPage || !page.nextToken) break;
      if (edges.length === input.first) {
        hasNextPage = true;
        break;
      }
      token = page.nextToken;
      skip = 0;
    }
    // After a cursor, that cursor's entry at least comes before (Relay lets forward paging say so when it knows).
    return { edges, pageInfo: { hasNextPage, hasPreviousPage: Boolean(input.after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** The entry of one image, or null. */
  async entry(project: string, type: 'train' | 'test', sourceRef: string): Promise<DatasetEntry | null> {
    const line = await this.findLine(project, type, sourceRef);
    const view = line && readEntry(line);
    return view ? toEntry(project, type, view) : null;
  }

  /**
   * New labels for existing images, through UpdateDatasetEntries; answers the
   * dataset once Lookout has applied them (or refuses, naming the first image
   * that is not in the dataset, before changing anything).
   */
  async relabel(input: { project: string; dataset: DatasetType; changes: RelabelInput[] }, timeoutSeconds = 300): Promise<Dataset> {
    const type = fromDatasetType(input.dataset);
    const now = this.clock.now();
    const lines: string[] = [];
    const seen = new Map<string, number>();
    for (const [index, change] of input.changes.entries()) {
      const earlier = seen.get(change.sourceRef);
      if (earlier !== undefined) throw badInputAt(index, `changes[${index}]: ${change.sourceRef} is changes[${earlier}] already; give each image one label.`);
      seen.set(change.sourceRef, index);
      const line = await this.findLine(input.project, type, change.sourceRef);
      if (!line) {
        throw gatewayError(ErrorCode.NOT_FOUND, `changes[${index}]: ${change.sourceRef} is not in the ${type} dataset of ${input.project}.`, { argument: 'changes', index });
      }
      lines.push(relabelLine(line, change.label, now));
    }
    await this.api.updateDatasetEntries(input.project, type, lines);
    return this.settled(input.project, type, timeoutSeconds);
  }

  /**
   * The dataset once it has left *_IN_PROGRESS; a failed import or update is
   * an error with Lookout's message. Read at once, then 20 ms later, the
   * waits doubling (with jitter) up to 2 s: adding a few images takes the
   * engine tens of milliseconds, which a first wait of 100 ms more than
   * doubled, while a long import is still read only every 2 s.
   */
  async settled(project: string, type: 'train' | 'test', timeoutSeconds: number): Promise<Dataset> {
    const { settled, last } = await pollUntil(() => this.api.describeDataset(project, type), (d) => !String(d.Status).endsWith('IN_PROGRESS'), {
      minDelay: 0.02,
      maxDelay: 2,
      maxWaitTime: timeoutSeconds,
    });
    this.loaders.project.clear(project);
    this.loaders.dataset.clear({ project, type });
    if (!settled) throw gatewayError(ErrorCode.TIMEOUT, `The ${type} dataset of ${project} is still ${last.Status} after ${timeoutSeconds} s.`, { status: last.Status });
    if (last.Status === 'CREATE_FAILED' || last.Status === 'UPDATE_FAILED_ROLLBACK_COMPLETE') {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, `Lookout refused the images: ${last.StatusMessage ?? last.Status}`, { status: last.Status });
    }
    return toDataset(project, { DatasetType: type, Status: last.Status, StatusMessage: last.StatusMessage, CreationTimestamp: last.CreationTimestamp });
  }

  /** The manifest line of one image: ListDatasetEntries filtered by its source-ref, then the exact match. */
  private async findLine(project: string, type: 'train' | 'test', sourceRef: string): Promise<string | null> {
    let token: string | undefined;
    do {
      const page = await this.api.listDatasetEntries(project, type, { sourceRefContains: sourceRef }, { maxResults: PAGE_LIMIT, nextToken: token });
      const found = page.entries.find((text) => readEntry(text)?.sourceRef === sourceRef);
      if (found) return found;
      token = page.nextToken;
    } while (token);
    return null;
  }
}

function toEntry(project: string, type: 'train' | 'test', view: EntryView): DatasetEntry {
  return { id: entryId(project, type, view.sourceRef), ...view };
}

export function entryId(project: string, type: 'train' | 'test', sourceRef: string): string {
  return globalId('DatasetEntry', `${project}/${type}/${sourceRef}`);
}

function lookoutFilter(filter: DatasetEntryFilter | null | undefined) {
  if (!filter) return {};
  const anomalyClass = filter.anomalyClass === ImageLabel.ANOMALY ? 'anomaly' : filter.anomalyClass === ImageLabel.NORMAL ? 'normal' : undefined;
  if (filter.anomalyClass === ImageLabel.UNLABELED) throw badInput('filter', 'filter.anomalyClass takes NORMAL or ANOMALY; for unlabelled images use labeled: false.');
  return { labeled: filter.labeled ?? undefined, anomalyClass, sourceRefContains: filter.sourceRefContains ?? undefined, after: filter.after ?? undefined, before: filter.before ?? undefined } as const;
}
