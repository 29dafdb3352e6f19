import sharp from 'sharp';
import { SeededRandom } from '../engine/detector/seeded-random';

export interface SyntheticImage {
  png: Buffer;
  /** For anomalies: the defect painted in `DEFECT_COLOR` on black, same size. */
  mask?: Buffer;
}

export const DEFECT_CLASS = 'scratch';
export const DEFECT_COLOR = '#E31A1C';

/**
 * Pictures of a machined washer on a textured plate, made on the spot so the
 * demo and the tests need no downloaded data: normal ones vary in position,
 * lighting and texture; anomalous ones carry a dark scratch across the ring.
 */
export async function syntheticPart(kind: 'normal' | 'anomaly', seed: number, size = 128): Promise<SyntheticImage> {
  const r = new SeededRandom(seed * 7919 + (kind === 'anomaly' ? 1 : 0));
  const cx = size / 2 + (r.next() - 0.5) * size * 0.06;
  const cy = size / 2 + (r.next() - 0.5) * size * 0.06;
  const outer = size * (0.3 + r.next() * 0.02);
  const inner = outer * 0.45;
  const light = Math.round(175 + r.next() * 30);
  const plate = Math.round(70 + r.next() * 20);
  const speckles = Array.from({ length: 40 }, () => {
    const x = (r.next() * size).toFixed(1);
    const y = (r.next() * size).toFixed(1);
    const g = Math.round(plate + (r.next() - 0.5) * 30);
    return `<circle cx="${x}" cy="${y}" r="${(size / 128).toFixed(2)}" fill="rgb(${g},${g},${g})"/>`;
  }).join('');
  let defect = '';
  if (kind === 'anomaly') {
    const angle = r.next() * Math.PI * 2;
    const radius = (outer + inner) / 2;
    const x1 = cx + Math.cos(angle) * radius;
    const y1 = cy + Math.sin(angle) * radius;
    const x2 = cx + Math.cos(angle + 0.9) * radius;
    const y2 = cy + Math.sin(angle + 0.9) * radius;
    defect = `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke-width="${(size / 28).toFixed(1)}" stroke-linecap="round"`;
  }
  const svg = (body: string, background: string) =>
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="${background}"/>${body}</svg>`);
  const part = `${speckles}<circle cx="${cx}" cy="${cy}" r="${outer}" fill="rgb(${light},${light},${light - 10})"/><circle cx="${cx}" cy="${cy}" r="${inner}" fill="rgb(${plate},${plate},${plate})"/>`;
  const png = await sharp(svg(`${part}${defect ? `${defect} stroke="rgb(40,30,30)"/>` : ''}`, `rgb(${plate},${plate},${plate})`)).png().toBuffer();
  if (!defect) return { png };
  // Masks have hard edges: a blended edge pixel would belong to no class.
  const mask = await sharp(svg(`${defect} stroke="${DEFECT_COLOR}" shape-rendering="crispEdges"/>`, '#000000')).png().toBuffer();
  return { png, mask };
}
