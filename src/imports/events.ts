import type { LocalDate } from '../shared/domain-types.js';
import type { TrackerFormat } from './tracker-file.js';

/**
 * Where an imported event came from. Every event an import writes carries it as `data.imported`,
 * beside the fields of its ordinary type, so the trail tells an audit graded in this service from
 * one copied in from a tracker kept by hand; the events' metadata carries the import id as their
 * correlation id.
 */
export type ImportProvenance = {
  importId: string;
  /** The tracker row the event comes from; null for a cycle's own events. */
  row: number | null;
};

/**
 * Stream `import-<id>`: one tracker file imported, written last, after every cycle and audit it
 * brought in. Its presence means the import is complete.
 */
export type TrackerImported = {
  type: 'TrackerImported';
  data: {
    importId: string;
    fileName: string;
    format: TrackerFormat;
    /** SHA-256 of the file's bytes: the same file imports once. */
    sha256: string;
    importedById: string;
    importedOn: LocalDate;
    cycles: Array<{ cycleId: string; name: string; service: string; month: string; audits: number; closed: boolean }>;
    /** Each tracker row and the audit it became. */
    audits: Array<{ row: number; auditId: string; caseRef: string }>;
    ignoredHeadings: string[];
  };
};

export type ImportEvent = TrackerImported;

export const importStream = (importId: string) => `import-${importId}`;
