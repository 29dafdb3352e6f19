import { timingSafeEqual } from 'node:crypto';
import { ChunkSigningChain } from '../../lookout/chunk-signing';
import { formatAmzDate, type SignatureClaim } from '../http/sigv4-verifier';

/**
 * Checks the signatures of an `aws-chunked` upload signed chunk by chunk, as
 * they arrive (src/lookout/chunk-signing.ts says what they cover). The first
 * that differs ends the upload, so the chain needs no rewinding.
 */
export class ChunkSignatureChain {
  private readonly chain: ChunkSigningChain;

  constructor(claim: SignatureClaim) {
    this.chain = new ChunkSigningChain({
      secretAccessKey: claim.secret,
      amzDate: formatAmzDate(claim.signingDate),
      region: claim.region,
      service: claim.service,
      signature: claim.signature,
    });
  }

  /** Checks one chunk's signature, given the SHA-256 of its data, and moves the chain on. */
  verifyChunk(dataSha256: Buffer, declared: string): boolean {
    return same(this.chain.chunk(dataSha256.toString('hex')), declared);
  }

  /** Checks the trailer's signature over its lines, each `name:value\n`. */
  verifyTrailer(canonicalTrailer: string, declared: string): boolean {
    return same(this.chain.trailer(canonicalTrailer), declared);
  }
}

function same(expected: string, declared: string): boolean {
  const given = Buffer.from(declared, 'hex');
  const wanted = Buffer.from(expected, 'hex');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
