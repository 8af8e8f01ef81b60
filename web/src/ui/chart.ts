/**
 * Series charts with uPlot: the current series, the previous period's drawn over it bucket by
 * bucket, and the target's bounds as flat lines. Each chart is a `role="img"` with a summary for
 * screen readers; the numbers themselves are in the table beside it.
 */
import { ref } from 'lit-html/directives/ref.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatValue, type Unit } from '../../../src/format/format.js';

export interface ChartSpec {
  unit: Unit;
  series: readonly { start: string; value?: number | null }[];
  previous: readonly { value?: number | null }[];
  target: { min?: number | null; max?: number | null } | null;
}

const HEIGHT = 170;
/** Room around a flat series (all zeros): five points of a ratio, one of anything else. */
const flatPadding = (unit: Unit) => (unit === 'ratio' ? 0.05 : 1);
const charts = new WeakMap<Element, { plot: uPlot; resize: ResizeObserver }>();

function unmount(element: Element) {
  const chart = charts.get(element);
  if (!chart) return;
  chart.resize.disconnect();
  chart.plot.destroy();
  charts.delete(element);
}

function mount(element: HTMLElement, spec: ChartSpec) {
  unmount(element);
  const xs = spec.series.map((p) => Date.parse(p.start) / 1000);
  const flat = (bound: number | null | undefined) => xs.map(() => bound ?? null);
  const bounds = drawnBounds(spec);
  const data: uPlot.AlignedData = [
    xs,
    spec.series.map((p) => p.value ?? null),
    xs.map((_, i) => spec.previous[i]?.value ?? null),
    ...bounds.map(flat),
  ];
  const format = (value: number) => formatValue(spec.unit, value);
  const options: uPlot.Options = {
    width: Math.max(element.clientWidth, 200),
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      x: { time: true },
      y: { range: (_u, min, max) => (min === max ? [Math.min(0, min), max + flatPadding(spec.unit)] : uPlot.rangeNum(min, max, 0.1, true)) },
    },
    axes: [
      { stroke: '#444', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#d1d5db' } },
      { stroke: '#444', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#d1d5db' }, size: 64, values: (_u, splits) => splits.map(format) },
    ],
    series: [
      {},
      { label: 'This period', stroke: '#1d4ed8', width: 2, spanGaps: false, points: { show: xs.length <= 31 } },
      { label: 'Previous period', stroke: '#6b7280', width: 1.5, dash: [4, 4], points: { show: false } },
      ...bounds.map(() => ({ label: 'Target', stroke: '#b45309', width: 1.5, dash: [8, 4], points: { show: false } })),
    ],
  };
  const plot = new uPlot(options, data, element);
  const resize = new ResizeObserver(() => {
    const width = Math.max(element.clientWidth, 200);
    if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
  });
  resize.observe(element);
  charts.set(element, { plot, resize });
}

/**
 * The target's bounds that fit the chart: one far above or below the series (a weekly goal beside
 * daily counts) would flatten the data into a line, so it is named in the caption instead.
 */
export function drawnBounds(spec: Pick<ChartSpec, 'unit' | 'series' | 'previous' | 'target'>): number[] {
  const bounds = [spec.target?.min, spec.target?.max].filter((b): b is number => typeof b === 'number');
  const values = [...spec.series, ...spec.previous].map((p) => p.value).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return bounds;
  const [low, high] = [Math.min(0, ...values), Math.max(...values)];
  const span = Math.max(high - low, Math.abs(high), flatPadding(spec.unit));
  return bounds.filter((b) => b >= low - span && b <= high + 2 * span);
}

/** A lit-html directive: `<div class="plot" ${chart(spec)}>` draws into that element and cleans up after it. */
export function chart(spec: ChartSpec) {
  let mounted: Element | undefined;
  return ref((element) => {
    if (mounted && mounted !== element) unmount(mounted);
    mounted = element;
    if (element instanceof HTMLElement) mount(element, spec);
  });
}

/** "New users, 8 daily points from 12 to 40, last 35", for the chart's accessible name. */
export function describeSeries(title: string, unit: Unit, series: readonly { value?: number | null }[]): string {
  const values = series.map((p) => p.value).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return `${title}: no data in this window`;
  const low = formatValue(unit, Math.min(...values));
  const high = formatValue(unit, Math.max(...values));
  return `${title}: ${series.length} points from ${low} to ${high}, the last ${formatValue(unit, values.at(-1)!)}, with the previous period and the target`;
}
