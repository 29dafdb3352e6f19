import { useEffect, useState, type FormEvent } from 'react';
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
            {d.type.toLowerCase()}: {d.imageStats?.total ?? 0} images, {d.imageStats?.labeled ?? 0} labeled ({d.imageStats?.normal ?? 0} normal, {d.imageStats?.anomaly ?? 0} anomaly) · {d.status}
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
              <option value="UNLABELED">unlabeled</option>
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
                  {node.thumbnail ? (
                    <img src={node.thumbnail} alt={fileName(node.sourceRef)} />
                  ) : (
                    <p className="thumb-missing">No picture: S3 no longer has this image, or has no image there.</p>
                  )}
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
          {entries.data && entries.data.datasetEntries.edges.length === 0 && (
            <p className="muted" data-testid="no-images">
              {cursors.length > 1 ? 'No more images.' : 'No images match.'}
            </p>
          )}
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

/** A class of the masks: its name and its exact colour in them (#rrggbb, lower case). */
interface MaskClass {
  name: string;
  color: string;
}

/** What was read of the dropped masks: each mask's colours (background black left out), or why they cannot be used. */
interface MaskColours {
  byMask: Map<File, string[]>;
  problems: string[];
}

/** At most this many colours in a mask: more means anti-aliasing or a photo, not a mask of exact class colours. */
const MAX_MASK_COLOURS = 16;

/** The distinct colours of a mask (#rrggbb), black (the background) left out; read in the browser through a canvas. */
export async function maskColours(file: File): Promise<string[]> {
  // No colour management and no premultiplication: the colours exactly as stored in the PNG.
  const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      const rgb = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      if (rgb !== 0) seen.add(rgb);
      if (seen.size > MAX_MASK_COLOURS) break;
    }
    return [...seen].map((c) => `#${c.toString(16).padStart(6, '0')}`);
  } finally {
    bitmap.close();
  }
}

async function readMasks(masks: File[]): Promise<MaskColours> {
  const byMask = new Map<File, string[]>();
  const problems: string[] = [];
  for (const m of masks) {
    try {
      const colours = await maskColours(m);
      if (colours.length > MAX_MASK_COLOURS) problems.push(`${m.name} has more than ${MAX_MASK_COLOURS} colours: a mask must paint each class in one exact colour on black (a PNG, without anti-aliasing).`);
      else {
        if (colours.length === 0) problems.push(`${m.name} is all black: it marks no anomaly.`);
        byMask.set(m, colours);
      }
    } catch {
      problems.push(`${m.name} could not be read as an image.`);
    }
  }
  return { byMask, problems };
}

/** Images dropped or chosen, with one label for the batch; masks (for anomalies) are matched to images by file name. */
function AddImages({ project, type, onAdded }: { project: string; type: DatasetType; onAdded(): void }) {
  const [images, setImages] = useState<File[]>([]);
  const [masks, setMasks] = useState<File[]>([]);
  const [label, setLabel] = useState<ImageLabel>('NORMAL');
  // One class per colour found in the masks, prefilled as they are dropped; the names are the admin's to give.
  const [classes, setClasses] = useState<MaskClass[]>([]);
  const [read, setRead] = useState<MaskColours | null>(null);
  const [add, state] = useMutation(AddImagesDocument);
  // Remounts the file inputs once a batch is added, so they show no files.
  const [batch, setBatch] = useState(0);
  useEffect(() => {
    setRead(null);
    if (masks.length === 0) return;
    let live = true;
    void readMasks(masks).then((r) => {
      if (!live) return;
      setRead(r);
      const found = [...new Set([...r.byMask.values()].flat())].sort();
      // Keep what was typed for a colour still found; one new row per new colour.
      setClasses((old) => found.map((color, i) => old.find((c) => c.color === color) ?? { name: `class${i + 1}`, color }));
    });
    return () => {
      live = false;
    };
  }, [masks]);
  const foundColours = read ? [...new Set([...read.byMask.values()].flat())].sort() : [];
  const withMasks = label === 'ANOMALY' && masks.length > 0;
  const byName = new Map(masks.map((m) => [baseName(m.name).replace(/[-_.]?mask$/i, ''), m]));
  const declared = new Set(classes.map((c) => c.color.toLowerCase()));
  // Refused before upload (the gateway refuses them too): a mask colour no class is declared for.
  const unmatched = withMasks && read ? [...read.byMask].flatMap(([m, colours]) => colours.filter((c) => !declared.has(c)).map((c) => `${m.name}: ${c}`)) : [];
  const badNames = withMasks ? classes.filter((c) => !/^[A-Za-z0-9]{1,256}$/.test(c.name)).map((c) => c.name || '(empty)') : [];
  const blockers = withMasks
    ? [
        ...(read ? read.problems : ['Reading the masks’ colours…']),
        ...(unmatched.length ? [`These mask colours match no class: ${unmatched.join(', ')}. Give each colour a class (its colour exactly as in the masks).`] : []),
        ...(badNames.length ? [`Class names are 1–256 letters or digits: ${badNames.join(', ')}.`] : []),
      ]
    : [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (blockers.length) return;
    const inputs = await Promise.all(
      images.map(async (file) => {
        const mask = label === 'ANOMALY' ? byName.get(baseName(file.name)) : undefined;
        // Each mask declares the classes of the colours it holds.
        const colours = mask ? (read?.byMask.get(mask) ?? []) : [];
        const anomalyClasses = classes.filter((c) => colours.includes(c.color.toLowerCase())).map((c) => ({ name: c.name, color: c.color.toLowerCase() }));
        return { file: await fileInput(file), label, ...(mask ? { mask: await fileInput(mask), anomalyClasses } : {}) };
      }),
    );
    if (await add({ project, dataset: type, images: inputs })) {
      setImages([]);
      setMasks([]);
      setClasses([]);
      setBatch((b) => b + 1);
      onAdded();
    }
  };
  const setClass = (i: number, change: Partial<MaskClass>) => setClasses(classes.map((c, j) => (j === i ? { ...c, ...change } : c)));
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
            {masks.length > 0 && read && (
              <p className="muted" aria-live="polite" data-testid="mask-colours">
                Colours found in the masks (black is the background): {foundColours.length ? foundColours.join(', ') : 'none'}
              </p>
            )}
            {classes.map((c, i) => (
              <div className="inline-form mask-class" key={i}>
                <label htmlFor={`mask-class-${i}`}>Class {i + 1}</label>
                <input id={`mask-class-${i}`} value={c.name} onChange={(e) => setClass(i, { name: e.target.value })} pattern="[A-Za-z0-9]+" maxLength={256} required aria-describedby="mask-class-rule" />
                <label htmlFor={`mask-color-${i}`}>Colour of class {i + 1}</label>
                <input id={`mask-color-${i}`} type="color" value={c.color} onChange={(e) => setClass(i, { color: e.target.value.toLowerCase() })} />
                <code>{c.color}</code>
              </div>
            ))}
            {classes.length > 0 && (
              <p id="mask-class-rule" className="muted">
                Class names: letters and digits. Each colour in the masks needs a class of exactly that colour.
              </p>
            )}
          </fieldset>
        )}
        {blockers.length > 0 && (
          <div role="alert" className="error" data-testid="mask-problems">
            {blockers.map((b) => (
              <p key={b}>{b}</p>
            ))}
          </div>
        )}
        <button type="submit" disabled={state.running || images.length === 0 || blockers.length > 0}>
          {state.running ? `Adding ${count(images.length)}…` : `Add ${count(images.length)}`}
        </button>
        {state.result && <span aria-live="polite">Added; the dataset now has {state.result.addImages.imageStats?.total ?? '?'} images.</span>}
        {state.error != null && <span role="alert" className="error">{namingFiles(describeError(state.error), images)}</span>}
      </form>
    </details>
  );
}

const baseName = (name: string) => name.replace(/\.[^.]+$/, '');
const count = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

/** The gateway names a bad image by its place in the batch (`images[3]: ...`); the person chose files, so name the file too. */
function namingFiles(message: string, images: File[]): string {
  return message.replace(/\bimages\[(\d+)\]/g, (whole, index: string) => {
    const file = images[Number(index)];
    return file ? `${whole} (${file.name})` : whole;
  });
}
