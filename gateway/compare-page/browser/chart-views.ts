// The trend (a line per region across years) and the ranking (one year, bars sorted best first), drawn with
// Chart.js from node_modules, bundled into the page's script.

import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import { measureOf, rankedRows, type Comparison, type Measure } from './comparison-model.ts';
import { formatTick, formatValue } from './number-formats.ts';

Chart.register(...registerables);
// On window for whoever reads the drawn figures from the console (analysts checking a point, the browser tests).
Object.assign(window, { Chart });

/** Fourteen colours that stay apart for the fourteen offices (Tableau 20's darker half and more). */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
];

/** A region's colour by its place in the directory, so that it keeps its colour whatever is selected. */
export function regionColour(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** The saved PNG gets a white ground; a transparent one shows black in some viewers. */
const whiteBackground: Plugin = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

let drawn: Chart | null = null;

function valueAxis(measure: Measure) {
  // Amounts and counts from zero; indices and percentages fit to their data, with a little room around it.
  return {
    beginAtZero: measure.fromZero,
    grace: measure.fromZero ? 0 : '5%',
    ticks: { callback: (value: string | number) => formatTick(Number(value), measure.format) },
  };
}

function draw(canvas: HTMLCanvasElement, config: ChartConfiguration, ariaLabel: string): void {
  canvas.setAttribute('aria-label', ariaLabel);
  drawn?.destroy();
  drawn = new Chart(canvas, { ...config, plugins: [whiteBackground] });
}

export function clearChart(): void {
  drawn?.destroy();
  drawn = null;
}

/** One line per region across the years asked; a year without a figure is a gap, not a zero. */
export function drawTrend(
  canvas: HTMLCanvasElement,
  comparison: Comparison,
  measureKey: string | null,
  years: number[],
  colourOf: (regionCode: string) => string,
): Measure {
  const measure = measureOf(comparison, measureKey);
  const regions = [...new Map(comparison.rows.map((row) => [row.regionCode, row.regionLabel])).entries()];
  const datasets = regions.map(([code, label]) => {
    const byYear = new Map(
      comparison.rows
        .filter((row) => row.regionCode === code)
        .map((row) => [row.year, row.values[measure.key] ?? null]),
    );
    const colour = colourOf(code);
    return {
      label,
      data: years.map((year) => byYear.get(year) ?? null),
      borderColor: colour,
      backgroundColor: colour,
      pointRadius: 3,
      borderWidth: 2,
      spanGaps: false,
    };
  });
  draw(
    canvas,
    {
      type: 'line',
      data: { labels: years.map(String), datasets },
      options: {
        locale: 'id-ID',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        plugins: {
          // Beside the lines where there is room, under them on a phone.
          legend: {
            position: canvas.clientWidth < 640 ? 'bottom' : 'right',
            align: 'start',
            labels: { boxWidth: 12, font: { size: 11 } },
          },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${formatValue(item.raw as number | null, measure.format)}`,
            },
          },
        },
        scales: { y: valueAxis(measure) },
      },
    },
    `Grafik garis: ${measure.label} ${comparison.title} per wilayah, ${years[0]}–${years[years.length - 1]}, ` +
      `${datasets.length} garis; angkanya ada di tabel di bawah.`,
  );
  return measure;
}

/** One year's regions, bars sorted best first (by the measure's direction). */
export function drawRanking(
  canvas: HTMLCanvasElement,
  comparison: Comparison,
  measureKey: string | null,
  year: number,
  colourOf: (regionCode: string) => string,
): Measure {
  const measure = measureOf(comparison, measureKey);
  const rows = rankedRows(comparison, measure, year);
  draw(
    canvas,
    {
      type: 'bar',
      data: {
        labels: rows.map((row, index) => `${index + 1}. ${row.regionLabel}`),
        datasets: [
          {
            label: `${measure.label} ${year}`,
            data: rows.map((row) => row.values[measure.key]!),
            backgroundColor: rows.map((row) => colourOf(row.regionCode)),
            maxBarThickness: 28,
          },
        ],
      },
      options: {
        locale: 'id-ID',
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => formatValue(item.raw as number, measure.format) } },
        },
        scales: { x: valueAxis(measure) },
      },
    },
    `Grafik batang: peringkat ${measure.label} ${comparison.title} tahun ${year}, ` +
      `${rows.length} wilayah dari yang terbaik; angkanya ada di tabel di bawah.`,
  );
  return measure;
}
