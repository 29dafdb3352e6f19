import { createHash, type Hash } from 'node:crypto';
import zlib from 'node:zlib';

/** The flexible checksums S3 takes in `x-amz-checksum-*` (header or trailer) that the engine verifies. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';

const ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256'];

/** `x-amz-checksum-crc32` -> CRC32; undefined for any other name (CRC64NVME included: not verified here). */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-([a-z0-9]+)$/.exec(name.toLowerCase());
  return ALGORITHMS.find((a) => a.toLowerCase() === match?.[1]);
}

export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** A running checksum whose digest is the bytes S3 sends base64-encoded. */
export interface Checksum {
  update(data: Buffer): void;
  digest(): Buffer;
}

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32':
      return typeof zlib.crc32 === 'function' ? new NativeCrc32() : new TableCrc32(CRC32_TABLE);
    case 'CRC32C':
      return new TableCrc32(CRC32C_TABLE);
    case 'SHA1':
      return new HashChecksum(createHash('sha1'));
    case 'SHA256':
      return new HashChecksum(createHash('sha256'));
  }
}

class HashChecksum implements Checksum {
  constructor(private readonly hash: Hash) {}
  update(data: Buffer): void {
    this.hash.update(data);
  }
  digest(): Buffer {
    return this.hash.digest();
  }
}

/** zlib's CRC32 (Node 20.15 and later): native speed for the SDK's default checksum. */
class NativeCrc32 implements Checksum {
  private value = 0;
  update(data: Buffer): void {
    this.value = zlib.crc32(data, this.value);
  }
  digest(): Buffer {
    return uint32(this.value);
  }
}

/** A reflected CRC-32 with the given table: CRC32C, and CRC32 where zlib lacks it. */
class TableCrc32 implements Checksum {
  private crc = 0xffffffff;
  constructor(private readonly table: Uint32Array) {}
  update(data: Buffer): void {
    let crc = this.crc;
    for (let i = 0; i < data.length; i++) crc = this.table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    this.crc = crc;
  }
  digest(): Buffer {
    return uint32((this.crc ^ 0xffffffff) >>> 0);
  }
}

function crcTable(reversedPolynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? reversedPolynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32_TABLE = crcTable(0xedb88320);
const CRC32C_TABLE = crcTable(0x82f63b78);

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}
