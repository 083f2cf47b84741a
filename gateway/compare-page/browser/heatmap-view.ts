// The region × year heatmap: a grid (a real table, so that it reads aloud and copies) whose cells are
// coloured by the measure, with its legend; and the same grid drawn on a canvas for "Simpan grafik (PNG)".

import { measureOf, type Comparison, type Measure } from './comparison-model.ts';
import { formatValue } from './number-formats.ts';

type Rgb = [number, number, number];

/** Achievement diverges at 100% (under target red, on or over target green); other measures run light to dark. */
interface ColourScale {
  colourOf(value: number): string;
  /** CSS gradient of the legend, and its end labels. */
  gradient: string;
  low: string;
  high: string;
  describe: string;
}

const RED: Rgb = [215, 48, 39];
const YELLOW: Rgb = [254, 224, 139];
const GREEN: Rgb = [26, 152, 80];
const LIGHT: Rgb = [222, 235, 247];
const DARK: Rgb = [8, 48, 107];

function mix(from: Rgb, to: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * t)) as Rgb;
}

const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;
const clamp = (t: number) => Math.min(1, Math.max(0, t));

function scaleOf(measure: Measure, values: number[]): ColourScale {
  if (measure.key === 'achievement') {
    // Symmetric around 100%, as wide as the data reaches (at least ±2, at most ±50 points): the usual
    // 95–105% then spans the whole scale instead of a sliver of a fixed 80–120%.
    const spread = Math.min(50, Math.max(2, ...values.map((value) => Math.abs(value - 100))));
    const colour = (value: number) =>
      css(
        value < 100
          ? mix(RED, YELLOW, clamp((value - 100 + spread) / spread))
          : mix(YELLOW, GREEN, clamp((value - 100) / spread)),
      );
    return {
      colourOf: colour,
      gradient: `linear-gradient(to right, ${css(RED)}, ${css(YELLOW)}, ${css(GREEN)})`,
      low: `≤ ${formatValue(100 - spread, 'percent')}`,
      high: `≥ ${formatValue(100 + spread, 'percent')}`,
      describe: 'merah di bawah target, kuning tepat 100%, hijau di atas target',
    };
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  return {
    colourOf: (value) => css(mix(LIGHT, DARK, (value - min) / span)),
    gradient: `linear-gradient(to right, ${css(LIGHT)}, ${css(DARK)})`,
    low: formatValue(min, measure.format),
    high: formatValue(max, measure.format),
    describe: 'makin gelap makin besar',
  };
}

/** Black or white text, whichever reads on the colour (relative luminance). */
function inkOn(colour: string): string {
  const [r, g, b] = (colour.match(/\d+/g) ?? ['0', '0', '0']).map(Number) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 140 ? '#ffffff' : '#1b2430';
}

interface Grid {
  measure: Measure;
  scale: ColourScale | null;
  regions: Array<{ code: string; label: string }>;
  years: number[];
  value(regionCode: string, year: number): number | null;
}

function gridOf(comparison: Comparison, measureKey: string | null, years: number[]): Grid {
  const measure = measureOf(comparison, measureKey);
  const values = new Map(
    comparison.rows.map((row) => [`${row.regionCode}@${row.year}`, row.values[measure.key] ?? null]),
  );
  const present = [...values.values()].filter((value): value is number => value != null);
  return {
    measure,
    scale: present.length > 0 ? scaleOf(measure, present) : null,
    regions: [...new Map(comparison.rows.map((row) => [row.regionCode, row.regionLabel])).entries()].map(
      ([code, label]) => ({ code, label }),
    ),
    years,
    value: (regionCode, year) => values.get(`${regionCode}@${year}`) ?? null,
  };
}

/** Fills the heatmap table and its legend; returns the measure shown. */
export function drawHeatmap(
  table: HTMLTableElement,
  legend: HTMLElement,
  comparison: Comparison,
  measureKey: string | null,
  years: number[],
): Measure {
  const grid = gridOf(comparison, measureKey, years);
  table.caption!.textContent = `${grid.measure.label}: ${comparison.title}, wilayah × tahun`;
  const head = document.createElement('tr');
  head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: 'Wilayah' }));
  for (const year of years)
    head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: String(year) }));
  table.tHead!.replaceChildren(head);
  table.tBodies[0]!.replaceChildren(
    ...grid.regions.map((region) => {
      const tr = document.createElement('tr');
      tr.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: region.label }));
      for (const year of years) {
        const value = grid.value(region.code, year);
        const td = document.createElement('td');
        td.textContent = formatValue(value, grid.measure.format);
        td.dataset.region = region.code;
        td.dataset.year = String(year);
        td.title = `${region.label} ${year}: ${td.textContent}`;
        if (value != null && grid.scale) {
          // Set through the CSSOM, which the page's Content Security Policy allows (an inline style attribute it would
          // not).
          td.style.backgroundColor = grid.scale.colourOf(value);
          td.style.color = inkOn(td.style.backgroundColor);
        } else td.className = 'empty';
        tr.append(td);
      }
      return tr;
    }),
  );
  legend.replaceChildren();
  if (grid.scale) {
    const bar = document.createElement('span');
    bar.className = 'legend-bar';
    bar.style.backgroundImage = grid.scale.gradient;
    const scale = document.createElement('span');
    scale.className = 'legend-scale';
    scale.append(`${grid.scale.low} `, bar, ` ${grid.scale.high}`);
    legend.append(`${grid.measure.label}: `, scale, ` — ${grid.scale.describe}; sel abu-abu: tanpa angka.`);
  } else legend.append('Tidak ada angka untuk diwarnai.');
  return grid.measure;
}

/** The heatmap drawn on a canvas, for the PNG download. */
export function heatmapCanvas(comparison: Comparison, measureKey: string | null, years: number[]): HTMLCanvasElement {
  const grid = gridOf(comparison, measureKey, years);
  const label = 170;
  const cell = { width: 96, height: 28 };
  const top = 64;
  const canvas = document.createElement('canvas');
  canvas.width = label + cell.width * years.length + 16;
  canvas.height = top + cell.height * (grid.regions.length + 1) + 16;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#1b2430';
  ctx.font = '600 15px system-ui, sans-serif';
  ctx.fillText(`${grid.measure.label}: ${comparison.title}`.slice(0, 110), 8, 18);
  ctx.font = '12px system-ui, sans-serif';
  if (grid.scale) ctx.fillText(`${grid.scale.low} … ${grid.scale.high} (${grid.scale.describe})`, 8, 40);
  ctx.font = '600 13px system-ui, sans-serif';
  years.forEach((year, column) => {
    ctx.fillText(String(year), label + column * cell.width + 8, top + cell.height / 2);
  });
  grid.regions.forEach((region, index) => {
    const y = top + (index + 1) * cell.height;
    ctx.fillStyle = '#1b2430';
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText(region.label, 8, y + cell.height / 2);
    years.forEach((year, column) => {
      const value = grid.value(region.code, year);
      const x = label + column * cell.width;
      const colour = value != null && grid.scale ? grid.scale.colourOf(value) : '#f4f6f9';
      ctx.fillStyle = colour;
      ctx.fillRect(x, y, cell.width - 2, cell.height - 2);
      ctx.fillStyle = value != null ? inkOn(colour) : '#5a6675';
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillText(formatValue(value, grid.measure.format), x + 6, y + cell.height / 2);
    });
  });
  return canvas;
}
