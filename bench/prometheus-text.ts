/** One sample of a Prometheus text exposition: `name{label="value",…} 12`. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** What one GET /metrics said: its samples, and the metrics it declares (`# TYPE`), sampled or not. */
export interface PrometheusExposition {
  samples: PrometheusSample[];
  declared: ReadonlySet<string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const TYPE = /^#\s*TYPE\s+(\S+)/;

const unescapeLabelValue = (value: string) =>
  value.replace(/\\(.)/g, (_, character: string) => (character === 'n' ? '\n' : character));

/**
 * The samples of a Prometheus text exposition (what prom-client's registry serves on /metrics) and the metric
 * names its TYPE lines declare; HELP lines, comments and lines that are not samples are skipped, and so is a
 * timestamp after the value.
 */
export function parsePrometheusText(text: string): PrometheusExposition {
  const samples: PrometheusSample[] = [];
  const declared = new Set<string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('#')) {
      const type = TYPE.exec(line);
      if (type) declared.add(type[1]!);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, name, labelText, valueText] = match;
    const labels: Record<string, string> = {};
    for (const [, label, value] of (labelText ?? '').matchAll(LABEL)) labels[label!] = unescapeLabelValue(value!);
    const value = Number(valueText);
    if (!Number.isNaN(value)) samples.push({ name: name!, labels, value });
  }
  return { samples, declared };
}

/**
 * The sum of the samples of `name` whose labels pass `where`. A declared metric without a matching sample
 * (prom-client prints no line for a labelled counter before its first increment) sums to 0; a metric the
 * process does not have at all is undefined, which the bench reports as "not measured".
 */
export function sumSamples(
  exposition: PrometheusExposition,
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): number | undefined {
  const named = exposition.samples.filter((sample) => sample.name === name);
  if (!named.length && !exposition.declared.has(name)) return undefined;
  return named.filter((sample) => where(sample.labels)).reduce((total, sample) => total + sample.value, 0);
}
