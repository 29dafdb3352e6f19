import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { formatAmzDate, type SignatureClaim } from '../http/sigv4-verifier';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * The signatures of an `aws-chunked` upload signed chunk by chunk
 * (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`): each chunk's signature
 * covers its bytes and the signature before it, starting from the request's
 * own (the seed), so no chunk can be changed, dropped, reordered or added
 * without the next check failing. The trailer's signature closes the chain.
 */
export class ChunkSignatureChain {
  private previous: string;
  private readonly signingKey: Buffer;
  private readonly amzDate: string;
  private readonly scope: string;

  constructor(claim: SignatureClaim) {
    const shortDate = formatAmzDate(claim.signingDate).slice(0, 8);
    this.amzDate = formatAmzDate(claim.signingDate);
    this.scope = `${shortDate}/${claim.region}/${claim.service}/aws4_request`;
    let key: Buffer = createHmac('sha256', `AWS4${claim.secret}`).update(shortDate).digest();
    for (const part of [claim.region, claim.service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    this.signingKey = key;
    this.previous = claim.signature;
  }

  /** Checks one chunk's signature, given the SHA-256 of its data, and moves the chain on. */
  verifyChunk(dataSha256: Buffer, declared: string): boolean {
    return this.advance(['AWS4-HMAC-SHA256-PAYLOAD', this.amzDate, this.scope, this.previous, EMPTY_SHA256, dataSha256.toString('hex')], declared);
  }

  /** Checks the trailer's signature over its lines, each `name:value\n`. */
  verifyTrailer(canonicalTrailer: string, declared: string): boolean {
    const hash = createHash('sha256').update(canonicalTrailer).digest('hex');
    return this.advance(['AWS4-HMAC-SHA256-TRAILER', this.amzDate, this.scope, this.previous, hash], declared);
  }

  private advance(stringToSign: string[], declared: string): boolean {
    const expected = createHmac('sha256', this.signingKey).update(stringToSign.join('\n')).digest();
    const given = Buffer.from(declared, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    this.previous = declared;
    return true;
  }
}
