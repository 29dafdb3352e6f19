import { describe, expect, it } from 'vitest';
import { uploadFailure } from '../../src/services/upload-reader';

describe('why an upload could not be handed over', () => {
  it("names the gateway's limit, not the parser's (one byte more, so that a file of exactly the limit is taken)", () => {
    const truncated = Object.assign(new Error('File truncated as it exceeds the 2857 byte size limit.'), { status: 413, expose: true });
    const error = uploadFailure(truncated, 2856);
    expect([error.extensions.code, error.message]).toEqual(['PAYLOAD_TOO_LARGE', 'The file exceeds the upload limit of 2856 bytes.']);
  });

  it('passes on the upload middleware\'s other refusals as they are worded', () => {
    const tooMany = Object.assign(new Error('The request is larger than MAX_BATCH_UPLOAD_BYTES.'), { status: 413, expose: true });
    expect([uploadFailure(tooMany, 2856).extensions.code, uploadFailure(tooMany, 2856).message]).toEqual(['PAYLOAD_TOO_LARGE', 'The request is larger than MAX_BATCH_UPLOAD_BYTES.']);
  });
});
