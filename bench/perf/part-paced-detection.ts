import http from 'node:http';
import type { Bench } from './context';
import { detectBody } from './gateway-client';
import type { DetectionImage } from './part-detection';
import { median, round } from './stats';

/** The piece a paced client writes at a time. */
const PIECE_BYTES = 64 * 1024;

export interface PacedFigure {
  image: string;
  imageBytes: number;
  /** The pause between two pieces of the body, ms (0: the next timer tick). */
  gapMs: number;
  /** Requests per side. */
  requests: number;
  /** From the last byte written to the end of the answer, ms (medians). */
  directMs: number;
  gatewayMs: number;
  differenceMs: number;
}

/**
 * Part 1, from a client on a link rather than loopback: one request at a
 * time, its body written in 64 KiB pieces with a pause between them (a 2 MB
 * JPEG takes 30 to 70 ms to send), timed from the last byte written to the
 * end of the answer, straight to the engine and through the gateway in turn.
 * What the gateway adds after the client has sent everything: with
 * autocannon on loopback the whole body is there at once and the gateway's
 * per-byte work is all on the answer's path; here it overlaps the sending,
 * as it would for a camera on a network.
 */
export async function pacedDetections(b: Bench, images: DetectionImage[], gapsMs: number[]): Promise<PacedFigure[]> {
  const { project, version } = b.main;
  const requests = b.smoke ? 3 : 31;
  const figures: PacedFigure[] = [];
  for (const gapMs of gapsMs) {
    for (const image of images) {
      b.log(`part 1: ${image.label} sent in 64 KiB pieces ${gapMs} ms apart, ${requests} requests per side, one at a time`);
      const multipart = detectBody(project, version, image.bytes, image.type);
      const gatewayHeaders = { ...multipart.headers, ...b.gw.authorization() };
      const times = { direct: [] as number[], gateway: [] as number[] };
      for (let i = 0; i < requests; i++) {
        const signed = await b.upstream.signedDetect(project, version, image.bytes, image.type);
        times.direct.push(await pacedRequest(`${b.engine.url}${signed.path}`, signed.headers, signed.body, gapMs, '"IsAnomalous"'));
        times.gateway.push(await pacedRequest(`${b.gateway.url}/graphql`, gatewayHeaders, multipart.body, gapMs, '"detectAnomalies":{'));
      }
      const directMs = round(median(times.direct));
      const gatewayMs = round(median(times.gateway));
      figures.push({ image: image.label, imageBytes: image.bytes.length, gapMs, requests, directMs, gatewayMs, differenceMs: round(gatewayMs - directMs) });
    }
  }
  return figures;
}

/** One request, its body written piece by piece; resolves with the ms from its last byte to the answer's end. */
function pacedRequest(url: string, headers: Record<string, string>, body: Buffer, gapMs: number, expected: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, agent: false });
    let lastByte = NaN;
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const answered = performance.now();
        if (text.includes(expected) && !text.includes('"errors"')) resolve(answered - lastByte);
        else reject(new Error(`a paced request was answered ${res.statusCode}: ${text.slice(0, 300)}`));
      });
    });
    req.on('error', reject);
    let sent = 0;
    const next = () => {
      const piece = body.subarray(sent, sent + PIECE_BYTES);
      sent += piece.length;
      if (sent < body.length) {
        req.write(piece);
        setTimeout(next, gapMs);
      } else {
        // Once the last piece is handed to the kernel.
        req.end(piece, () => (lastByte = performance.now()));
      }
    };
    req.flushHeaders();
    next();
  });
}
