import { useState, type FormEvent } from 'react';
import {
  AddImagesDocument,
  ConsoleDatasetEntriesDocument,
  RelabelImagesDocument,
  type ConsoleProjectQuery,
  type DatasetEntryFilter,
  type DatasetType,
  type ImageLabel,
} from '../../../src/client/generated/graphql';
import { allows, describeError, fileInput, useMutation, useQuery, useRole } from './api';
import { DropZone } from './DropZone';

type Datasets = NonNullable<ConsoleProjectQuery['project']>['datasets'];
const PAGE = 24;
const LABELS: ImageLabel[] = ['NORMAL', 'ANOMALY', 'UNLABELED'];

export function DatasetSection({ project, datasets, onChanged }: { project: string; datasets: Datasets; onChanged(): void }) {
  const role = useRole();
  const [type, setType] = useState<DatasetType>('TRAIN');
  const [labelFilter, setLabelFilter] = useState('');
  const [contains, setContains] = useState('');
  const [showMasks, setShowMasks] = useState(true);
  // Cursors of the pages before the one shown: Previous pops one.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const filter: DatasetEntryFilter = {
    ...(labelFilter === 'UNLABELED' ? { labeled: false } : labelFilter ? { anomalyClass: labelFilter as ImageLabel } : {}),
    ...(contains ? { sourceRefContains: contains } : {}),
  };
  const exists = datasets.some((d) => d.type === type);
  const entries = useQuery(ConsoleDatasetEntriesDocument, { project, dataset: type, filter, first: PAGE, after, maxSize: 160 }, !exists);
  const resetPages = () => setCursors([null]);
  const changed = () => {
    entries.refetch();
    onChanged();
  };
  return (
    <>
      <div className="inline-form">
        <label htmlFor="dataset-type">Dataset</label>
        <select
          id="dataset-type"
          value={type}
          onChange={(e) => {
            setType(e.target.value as DatasetType);
            resetPages();
          }}
        >
          <option value="TRAIN">train</option>
          <option value="TEST">test</option>
        </select>
        {datasets.map((d) => (
          <span key={d.type} className={d.type === type ? '' : 'muted'} data-testid={`stats-${d.type.toLowerCase()}`}>
            {d.type.toLowerCase()}: {d.imageStats?.total ?? 0} images, {d.imageStats?.labeled ?? 0} labelled ({d.imageStats?.normal ?? 0} normal, {d.imageStats?.anomaly ?? 0} anomaly) · {d.status}
          </span>
        ))}
      </div>
      {allows(role, 'ADMIN') && <AddImages project={project} type={type} onAdded={changed} />}
      {!exists ? (
        <p>No {type.toLowerCase()} dataset yet{allows(role, 'ADMIN') ? ': add images above to make one.' : '.'}</p>
      ) : (
        <>
          <form className="inline-form" role="search" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor="label-filter">Label</label>
            <select
              id="label-filter"
              value={labelFilter}
              onChange={(e) => {
                setLabelFilter(e.target.value);
                resetPages();
              }}
            >
              <option value="">all</option>
              <option value="NORMAL">normal</option>
              <option value="ANOMALY">anomaly</option>
              <option value="UNLABELED">unlabelled</option>
            </select>
            <label htmlFor="contains-filter">Name contains</label>
            <input
              id="contains-filter"
              value={contains}
              onChange={(e) => {
                setContains(e.target.value);
                resetPages();
              }}
            />
            <label>
              <input type="checkbox" checked={showMasks} onChange={(e) => setShowMasks(e.target.checked)} /> show masks
            </label>
          </form>
          {entries.error != null && <p role="alert" className="error">{describeError(entries.error)}</p>}
          {entries.loading && <p aria-live="polite">Loading images…</p>}
          <ul className="grid" aria-label="Images">
            {entries.data?.datasetEntries.edges.map(({ node }) => (
              <li key={node.id} className="thumb">
                <div className="thumb-image">
                  <img src={node.thumbnail} alt={fileName(node.sourceRef)} />
                  {showMasks && node.maskThumbnail && <img className="overlay" src={node.maskThumbnail} alt="" />}
                </div>
                <p className="thumb-name" title={node.sourceRef}>
                  {fileName(node.sourceRef)}
                </p>
                <p>
                  <span className={`label label-${node.label.toLowerCase()}`}>{node.label.toLowerCase()}</span>
                  {node.anomalyClasses.map((c) => (
                    <span key={c.name} className="chip">
                      <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
                    </span>
                  ))}
                </p>
                {allows(role, 'ADMIN') && <Relabel project={project} type={type} sourceRef={node.sourceRef} label={node.label} onDone={changed} />}
              </li>
            ))}
          </ul>
          <div className="pager">
            <button type="button" className="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous
            </button>
            <span>Page {cursors.length}</span>
            <button
              type="button"
              className="secondary"
              disabled={!entries.data?.datasetEntries.pageInfo.hasNextPage}
              onClick={() => setCursors([...cursors, entries.data!.datasetEntries.pageInfo.endCursor ?? null])}
            >
              Next
            </button>
          </div>
        </>
      )}
    </>
  );
}

const fileName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

function Relabel({ project, type, sourceRef, label, onDone }: { project: string; type: DatasetType; sourceRef: string; label: ImageLabel; onDone(): void }) {
  const [relabel, state] = useMutation(RelabelImagesDocument);
  const id = `relabel-${sourceRef}`;
  return (
    <div className="relabel">
      <label htmlFor={id} className="sr-only">
        Label of {fileName(sourceRef)}
      </label>
      <select
        id={id}
        value={label}
        disabled={state.running}
        onChange={async (e) => {
          if (await relabel({ project, dataset: type, changes: [{ sourceRef, label: e.target.value as ImageLabel }] })) onDone();
        }}
      >
        {LABELS.map((l) => (
          <option key={l} value={l}>
            {l.toLowerCase()}
          </option>
        ))}
      </select>
      {state.error != null && <span role="alert" className="error">{describeError(state.error)}</span>}
    </div>
  );
}

/** Images dropped or chosen, with one label for the batch; masks (for anomalies) are matched to images by file name. */
function AddImages({ project, type, onAdded }: { project: string; type: DatasetType; onAdded(): void }) {
  const [images, setImages] = useState<File[]>([]);
  const [masks, setMasks] = useState<File[]>([]);
  const [label, setLabel] = useState<ImageLabel>('NORMAL');
  const [className, setClassName] = useState('scratch');
  const [color, setColor] = useState('#ff0000');
  const [add, state] = useMutation(AddImagesDocument);
  // Remounts the file inputs once a batch is added, so they show no files.
  const [batch, setBatch] = useState(0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const byName = new Map(masks.map((m) => [baseName(m.name).replace(/[-_.]?mask$/i, ''), m]));
    const inputs = await Promise.all(
      images.map(async (file) => {
        const mask = label === 'ANOMALY' ? byName.get(baseName(file.name)) : undefined;
        return { file: await fileInput(file), label, ...(mask ? { mask: await fileInput(mask), anomalyClasses: [{ name: className, color }] } : {}) };
      }),
    );
    if (await add({ project, dataset: type, images: inputs })) {
      setImages([]);
      setMasks([]);
      setBatch((b) => b + 1);
      onAdded();
    }
  };
  return (
    <details className="panel">
      <summary>Add images to the {type.toLowerCase()} dataset</summary>
      <form onSubmit={submit} className="add-images">
        <DropZone key={`images-${batch}`} id="add-images" label="Images (PNG or JPEG, the dataset's size)" multiple files={images} onFiles={setImages} />
        <label htmlFor="add-label">Label for these images</label>
        <select id="add-label" value={label} onChange={(e) => setLabel(e.target.value as ImageLabel)}>
          {LABELS.map((l) => (
            <option key={l} value={l}>
              {l.toLowerCase()}
            </option>
          ))}
        </select>
        {label === 'ANOMALY' && (
          <fieldset>
            <legend>Segmentation masks (optional)</legend>
            <DropZone key={`masks-${batch}`} id="add-masks" label="Masks: PNGs named like their image (e.g. part-7.png or part-7-mask.png)" multiple files={masks} onFiles={setMasks} />
            <label htmlFor="mask-class">Class</label>
            <input id="mask-class" value={className} onChange={(e) => setClassName(e.target.value)} pattern="[A-Za-z0-9]+" />
            <label htmlFor="mask-color">Its colour in the masks</label>
            <input id="mask-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
          </fieldset>
        )}
        <button type="submit" disabled={state.running || images.length === 0}>
          {state.running ? `Adding ${count(images.length)}…` : `Add ${count(images.length)}`}
        </button>
        {state.result && <span aria-live="polite">Added; the dataset now has {state.result.addImages.imageStats?.total ?? '?'} images.</span>}
        {state.error != null && <span role="alert" className="error">{describeError(state.error)}</span>}
      </form>
    </details>
  );
}

const baseName = (name: string) => name.replace(/\.[^.]+$/, '');
const count = (n: number) => `${n} image${n === 1 ? '' : 's'}`;
