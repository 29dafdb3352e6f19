import { createHash, createHmac } from 'node:crypto';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What a request's own SigV4 signature was made with: the chain of its chunks starts from it. */
export interface SeedSignature {
  secretAccessKey: string;
  /** `X-Amz-Date`: `20261126T120000Z`. */
  amzDate: string;
  region: string;
  service: string;
  /** The request's signature (hex), from its Authorization header. */
  signature: string;
}

/**
 * The signatures of an `aws-chunked` body signed chunk by chunk
 * (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`): each chunk's signature
 * covers its bytes and the signature before it, starting from the request's
 * own (the seed), so no chunk can be changed, dropped, reordered or added
 * without the next check failing; the zero-length last chunk closes the body,
 * a trailer's signature the chain. The sender signs with it, the receiver
 * works out the same signatures to compare.
 */
export class ChunkSigningChain {
  private previous: string;
  private readonly signingKey: Buffer;
  private readonly scope: string;

  constructor(private readonly seed: SeedSignature) {
    const shortDate = seed.amzDate.slice(0, 8);
    this.scope = `${shortDate}/${seed.region}/${seed.service}/aws4_request`;
    let key: Buffer = createHmac('sha256', `AWS4${seed.secretAccessKey}`).update(shortDate).digest();
    for (const part of [seed.region, seed.service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    this.signingKey = key;
    this.previous = seed.signature;
  }

  /** The next chunk's signature, given the SHA-256 (hex) of its data. */
  chunk(dataSha256: string): string {
    return this.advance(['AWS4-HMAC-SHA256-PAYLOAD', this.seed.amzDate, this.scope, this.previous, EMPTY_SHA256, dataSha256]);
  }

  /** The trailer's signature over its lines, each `name:value\n`. */
  trailer(canonicalTrailer: string): string {
    const hash = createHash('sha256').update(canonicalTrailer).digest('hex');
    return this.advance(['AWS4-HMAC-SHA256-TRAILER', this.seed.amzDate, this.scope, this.previous, hash]);
  }

  private advance(stringToSign: string[]): string {
    this.previous = createHmac('sha256', this.signingKey).update(stringToSign.join('\n')).digest('hex');
    return this.previous;
  }
}
