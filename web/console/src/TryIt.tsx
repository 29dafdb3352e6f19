import { useEffect, useState } from 'react';
import { DetectAnomaliesDocument, type ConsoleModelVersionFragment, type DetectAnomaliesMutation } from '../../../src/client/generated/graphql';
import { allows, describeError, fileInput, useMutation, useRole } from './api';
import { DropZone } from './DropZone';

type Result = NonNullable<DetectAnomaliesMutation['detectAnomalies']>;

/** Runs a hosted version on an image: the verdict, and for a segmentation model the mask over the image with its classes. */
export function TryIt({ project, versions, aliases }: { project: string; versions: ConsoleModelVersionFragment[]; aliases: { name: string; version: string }[] }) {
  const role = useRole();
  const hosted = versions.find((v) => v.status === 'HOSTED');
  const [picked, setVersion] = useState(hosted?.version ?? versions[0]?.version ?? '');
  // A project trained while this tab was open has a version now, although none could be picked before.
  const version = picked || hosted?.version || versions[0]?.version || '';
  const noVersion = version === '';
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<string | null>(null);
  // A file the browser cannot decode as an image: said plainly, instead of a broken-image icon and a doomed upload.
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const [detect, state] = useMutation(DetectAnomaliesDocument);
  const file = files[0];
  useEffect(() => {
    setPreview(null);
    setUnreadable(null);
    if (!file) return;
    let live = true;
    const url = URL.createObjectURL(file);
    void createImageBitmap(file).then(
      (bitmap) => {
        bitmap.close();
        if (live) setPreview(url);
      },
      () => live && setUnreadable(`${file.name} is not a PNG or JPEG image (it cannot be read as one); choose an image file.`),
    );
    return () => {
      live = false;
      URL.revokeObjectURL(url);
    };
  }, [file]);
  if (!allows(role, 'INFERENCE')) return <p>Trying a model needs the inference role; you are signed in as a viewer.</p>;
  const result = state.result?.detectAnomalies ?? undefined;
  return (
    <div className="try">
      <form
        className="panel"
        onSubmit={async (e) => {
          e.preventDefault();
          if (file && !unreadable && !noVersion) await detect({ project, version, file: await fileInput(file) });
        }}
      >
        <label htmlFor="try-version">Model version</label>
        <select id="try-version" value={version} onChange={(e) => setVersion(e.target.value)}>
          {aliases.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name} (v{a.version})
            </option>
          ))}
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version} – {v.status}
            </option>
          ))}
        </select>
        <DropZone id="try-image" label="Image (PNG or JPEG)" files={files} onFiles={setFiles} />
        {unreadable && (
          <p role="alert" className="error" data-testid="unreadable-image">
            {unreadable}
          </p>
        )}
        {noVersion && (
          <p className="hint" id="try-no-version">
            This project has no model version yet: train one on the Models tab first.
          </p>
        )}
        <button type="submit" disabled={noVersion || !file || !preview || state.running} aria-describedby={noVersion ? 'try-no-version' : undefined}>
          {state.running ? 'Detecting…' : 'Detect anomalies'}
        </button>
        {state.error != null && <p role="alert" className="error">{describeError(state.error)}</p>}
      </form>
      {preview && <Verdict image={preview} result={state.running ? undefined : result} />}
    </div>
  );
}

function Verdict({ image, result }: { image: string; result: Result | undefined }) {
  const [overlay, setOverlay] = useState<string | null>(null);
  const [opacity, setOpacity] = useState(0.6);
  const background = result?.anomalies[0]?.pixelAnomaly?.color ?? null;
  useEffect(() => {
    setOverlay(null);
    if (!result?.anomalyMask) return;
    let live = true;
    void transparentBackground(`data:image/png;base64,${result.anomalyMask}`, background).then((url) => live && setOverlay(url));
    return () => {
      live = false;
    };
  }, [result, background]);
  const classes = result?.anomalies.slice(1) ?? [];
  return (
    <figure className="verdict" data-testid="verdict">
      <div className="verdict-image">
        <img src={image} alt="The image tried" />
        {overlay && <img className="overlay" src={overlay} alt="Anomaly mask" style={{ opacity }} data-testid="mask-overlay" />}
      </div>
      <figcaption aria-live="polite">
        {result && (
          <>
            <p className={`verdict-line ${result.isAnomalous ? 'bad' : 'good'}`} data-testid="verdict-line">
              {result.isAnomalous ? 'Anomalous' : 'Normal'} · confidence {(result.confidence * 100).toFixed(1)} % · version {result.version}
            </p>
            {overlay && (
              <p className="slider">
                <label htmlFor="mask-opacity">Mask opacity</label>
                <input id="mask-opacity" type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
                <output htmlFor="mask-opacity">{Math.round(opacity * 100)} %</output>
              </p>
            )}
            {result.anomalies.length > 0 && (
              <table className="legend" aria-label="Anomaly classes">
                <thead>
                  <tr>
                    <th scope="col">Class</th>
                    <th scope="col">Area</th>
                  </tr>
                </thead>
                <tbody>
                  {classes.map((a) => (
                    <tr key={a.name}>
                      <td>
                        <span className="swatch" style={{ background: a.pixelAnomaly?.color }} aria-hidden="true" /> {a.name}
                      </td>
                      <td>{a.pixelAnomaly ? `${(a.pixelAnomaly.totalPercentageArea * 100).toFixed(2)} %` : '–'}</td>
                    </tr>
                  ))}
                  {classes.length === 0 && (
                    <tr>
                      <td colSpan={2}>No anomaly class found.</td>
                    </tr>
                  )}
                </tbody>
              </table>
            )}
          </>
        )}
      </figcaption>
    </figure>
  );
}

/** The mask with its background class see-through, so only the anomalies cover the image. */
async function transparentBackground(maskUrl: string, backgroundHex: string | null): Promise<string> {
  const img = new Image();
  img.src = maskUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(img, 0, 0);
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const bg = backgroundHex ? [1, 3, 5].map((i) => parseInt(backgroundHex.slice(i, i + 2), 16)) : [0, 0, 0];
  const d = pixels.data;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] === bg[0] && d[i + 1] === bg[1] && d[i + 2] === bg[2]) d[i + 3] = 0;
  }
  ctx.putImageData(pixels, 0, 0);
  return canvas.toDataURL('image/png');
}
