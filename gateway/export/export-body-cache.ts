/** A complete export's encoded answer, as sent. */
export interface CachedExport {
  body: string | Buffer;
  contentType: string;
  filename: string;
  disposition: 'inline' | 'attachment';
}

/** Room for the full exports of a few dashboards; a full indicator export is about 0.2 MB (its XLSX 0.15 MB). */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Complete exports by their request tag (data version + question, export-entity-tag.ts), in memory, least
 * recently used first out. The tag moves with every import, so an entry can never outlive its data; a partial
 * answer (a region down) is never kept, so that the region's rows return as soon as it does.
 */
export class ExportBodyCache {
  private readonly entries = new Map<string, CachedExport>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  get(tag: string): CachedExport | undefined {
    const entry = this.entries.get(tag);
    if (entry) {
      this.entries.delete(tag);
      this.entries.set(tag, entry);
    }
    return entry;
  }

  set(tag: string, entry: CachedExport): void {
    const size = sizeOf(entry);
    if (size > this.maxBytes) return;
    this.delete(tag);
    this.entries.set(tag, entry);
    this.bytes += size;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(old);
    }
  }

  private delete(tag: string): void {
    const entry = this.entries.get(tag);
    if (!entry) return;
    this.entries.delete(tag);
    this.bytes -= sizeOf(entry);
  }
}

const sizeOf = (entry: CachedExport) =>
  typeof entry.body === 'string' ? Buffer.byteLength(entry.body, 'utf8') : entry.body.length;
