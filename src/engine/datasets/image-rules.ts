import { ImageRuleError, inspectImage as inspect, type ImageInfo } from '../../lookout/inspect-image';
import { ImportError } from './import-error';

export type { ImageInfo };

/**
 * Lookout's image rules for an import: the shared inspection, its refusals as
 * the import's own errors (which name the manifest line). The image's byte
 * size was checked before it was read (ObjectReader, maxImageBytes).
 */
export async function inspectImage(bytes: Buffer): Promise<ImageInfo> {
  try {
    return await inspect(bytes);
  } catch (error) {
    if (error instanceof ImageRuleError) throw new ImportError(error.message);
    throw error;
  }
}
