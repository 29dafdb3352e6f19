import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkSigningChain } from '../src/lookout/chunk-signing';

describe('the signatures of an aws-chunked body', () => {
  it("are AWS's own in its worked example (S3 API reference, \"Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks\")", () => {
    const chain = new ChunkSigningChain({
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      amzDate: '20130524T000000Z',
      region: 'us-east-1',
      service: 's3',
      signature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    });
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(chain.chunk(sha256(Buffer.alloc(65536, 'a')))).toBe('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    expect(chain.chunk(sha256(Buffer.alloc(1024, 'a')))).toBe('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    expect(chain.chunk(sha256(Buffer.alloc(0)))).toBe('b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
  });
});
