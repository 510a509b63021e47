import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip } from 'chart.js'

// Shared by the results pages' scripts (each bundles its own copy: the evaluator page never loads chart.js).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Filler, Legend, Title, Tooltip)
Chart.defaults.animation = false
Chart.defaults.font.family = 'system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
Chart.defaults.color = '#1f2328'

/**
 * Level colours in scale order, chosen so that their greyscale lightness differs step by step
 * (dark blue, light blue, light orange, dark orange): a greyscale print still tells them apart.
 */
export const LEVEL_COLORS = ['#08519c', '#6baed6', '#fdae6b', '#d94801', '#525252']

/** Eight category colours alternating dark and light, so that neighbours differ in greyscale too. */
export const CATEGORY_COLORS = ['#08519c', '#fdae6b', '#238b45', '#c6dbef', '#d94801', '#bcbddc', '#252525', '#a1d99b']

/**
 * Ten line colours, calm and told apart by hue; each line also gets a dash pattern (by its index
 * mod 6) so that series differ in a greyscale print too.
 */
export const SERIES_COLORS = ['#08519c', '#d94801', '#238b45', '#6a51a3', '#525252', '#a50f15', '#01665e', '#8c510a', '#c51b7d', '#7f7f00'] as const
const SERIES_DASHES = [[], [6, 3], [2, 2], [10, 4], [4, 2, 1, 2], [1, 3]] as const
const SERIES_POINTS = ['circle', 'rectRot', 'triangle', 'rect'] as const

/**
 * The look of the i-th line: past ten lines the colours come round again with another point
 * marker (and a dash shifted against them), so the first 40 lines all look different.
 * @example seriesStyle(10) // { color: '#08519c', dash: [4, 2, 1, 2], point: 'rectRot' }
 */
export function seriesStyle(i: number): { color: string; dash: number[]; point: (typeof SERIES_POINTS)[number] } {
  return {
    color: SERIES_COLORS[i % SERIES_COLORS.length]!,
    dash: [...SERIES_DASHES[i % SERIES_DASHES.length]!],
    point: SERIES_POINTS[Math.floor(i / SERIES_COLORS.length) % SERIES_POINTS.length]!,
  }
}

/** Hundredths of a percent to a percentage number for the axes. */
export const asPercent = (units: number | null | undefined) => (units == null ? null : units / 100)

/** The JSON a page embedded for its script. */
export function pageData<T>(id: string): T | null {
  const source = document.getElementById(id)
  return source?.textContent ? (JSON.parse(source.textContent) as T) : null
}

/** Lets tests and print scripts reach the charts. */
export function expose(charts: Record<string, Chart>) {
  ;(window as unknown as { pingyi: unknown }).pingyi = { charts }
}

/**
 * Charts are redrawn at the page width before printing and back after (A4 sizes come from the
 * print CSS); the folded 计算方法 is opened for print, since a printout cannot unfold it.
 */
export function resizeForPrint(charts: Record<string, Chart>) {
  const all = () => Object.values(charts).forEach((c) => c.resize())
  window.addEventListener('beforeprint', () => {
    document.querySelectorAll('details.formula').forEach((d) => d.setAttribute('open', ''))
    all()
  })
  window.addEventListener('afterprint', all)
}

export { Chart }

/** A point of a trend: 满意率 with its interval, hundredths of a percent. */
export interface TrendPoint {
  sat: number | null
  ci: [number, number] | null
}

/**
 * Datasets of one trend with its 95% band: the interval's upper bound filled down to the lower
 * one (drawn first, pale), then the line itself.
 */
export function trendDatasets(label: string, points: (TrendPoint | null)[], i: number) {
  const s = seriesStyle(i)
  return [
    { label: `${label} high`, data: points.map((p) => asPercent(p?.ci?.[1])), borderWidth: 0, pointRadius: 0, backgroundColor: `${s.color}22`, fill: '+1', spanGaps: true, band: true },
    { label: `${label} low`, data: points.map((p) => asPercent(p?.ci?.[0])), borderWidth: 0, pointRadius: 0, backgroundColor: `${s.color}22`, fill: false, spanGaps: true, band: true },
    { label, data: points.map((p) => asPercent(p?.sat)), borderColor: s.color, backgroundColor: s.color, borderDash: s.dash, borderWidth: 2, pointStyle: s.point, pointRadius: 4, fill: false, spanGaps: true },
  ]
}

/** Legend and tooltip settings that hide the band datasets. */
export const hideBands = {
  legend: { labels: { filter: (item: { datasetIndex?: number; text: string }, data: { datasets: { band?: boolean }[] }) => !data.datasets[item.datasetIndex ?? 0]?.band } },
  tooltip: { filter: (item: { dataset: { band?: boolean } }) => !item.dataset.band },
}
