import { budgetExport } from './budget-export.ts';
import type { ExportView } from './export-view.ts';
import { indicatorExport } from './indicator-export.ts';
import { regionExport } from './region-export.ts';
import { spendingExport } from './spending-export.ts';
import { staffExport, staffMovementExport } from './staff-export.ts';
import { workloadExport } from './workload-export.ts';

/** Every export under /export/, in the order docs/export.md lists them. Names are public URLs: never rename one. */
export const EXPORT_VIEWS: readonly ExportView[] = [
  indicatorExport,
  budgetExport,
  spendingExport,
  staffExport,
  staffMovementExport,
  workloadExport,
  regionExport,
];
