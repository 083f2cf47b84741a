import type { ActivityTargetEntry, BudgetLineEntry, Flag } from '../../shared/plan-file/plan-file.types.ts';
import { normaliseWords, type DocumentLine } from './document-lines.ts';
import { sectionOf } from './document-sections.ts';

/**
 * Reads the activity indicators printed with a volume ("- Persentase Digitalisasi Arsip … 6000 data."), under
 * their activity heading ("e. Pengelolaan Dokumen Tata Naskah Arsip Kepegawaian"), linked to the budget line
 * of the same name where the plan has one. Indicators printed without a figure are not targets.
 */
const TARGET = new RegExp(
  String.raw`^\s*-?\s*((?:Jumlah|Persentase|Presentase)\b.*?)\s+(\d{1,7})\s+` +
    String.raw`(data|dokumen|berkas|naskah|orang|laporan|instansi)\.?\s*$`,
  'i',
);
const HEADING = /^\s*-?\s*[a-h][.)]\s+(.+?)\s*$/;

export function extractActivityTargets(lines: DocumentLine[], budgetLines: BudgetLineEntry[]): ActivityTargetEntry[] {
  const targets: ActivityTargetEntry[] = [];
  let activity: { name: string; line: number } | null = null;
  for (const line of lines) {
    const heading = HEADING.exec(line.text);
    if (heading && !TARGET.test(line.text)) activity = { name: heading[1]!, line: line.number };
    const match = TARGET.exec(line.text);
    if (!match || !activity) continue;
    const [, name, target, unit] = match;
    const budgetLine = budgetLines.find(
      (candidate) => normaliseWords(candidate.name) === normaliseWords(activity!.name),
    );
    targets.push({
      activity: activity.name,
      name: name!,
      target: Number(target),
      unit: unit!,
      budgetCode: budgetLine?.code ?? null,
      source: {
        line: line.number,
        location: `${sectionOf(lines, line.number)}, ${activity.name} (line ${activity.line})`,
        printed: `${target} ${unit}`,
      },
      flags: flagsOf(name!, unit!, line.number),
    });
  }
  return targets;
}

/** "Persentase …" printed as a count is the document's inconsistency: kept, and said. */
function flagsOf(name: string, unit: string, line: number): Flag[] {
  if (!/^(?:Persentase|Presentase)\b/i.test(name) || unit.includes('%')) return [];
  return [
    {
      code: 'UNIT_NAME_MISMATCH',
      message:
        `The indicator is named "${name.split(' ')[0]} …" (a percentage) but its target is printed as a count, ` +
        `in "${unit}" (line ${line}); kept as printed.`,
    },
  ];
}
