import { asPercent, Chart, expose, LEVEL_COLORS, pageData, resizeForPrint } from './results-charts'

interface Block {
  valid: number
  n: number[]
  counts: number[]
  rates: (number | null)[]
  sat: (number | null)[]
}
interface Data {
  levels: { id: number; label: string; abstain: boolean }[]
  dimensions: { label: string }[]
  categories: { name: string }[]
  headline: Block | null
  categoryBlocks: (Block | null)[]
  labels: { satisfaction: string; pooled: string }
}

const data = pageData<Data>('results-data')
const charts: Record<string, Chart> = {}

if (data) {
  const L = data.levels.length
  const D = data.dimensions.length
  const levelCanvas = document.getElementById('chart-levels') as HTMLCanvasElement | null
  const headline = data.headline
  if (levelCanvas && headline) {
    const counted = data.levels.map((l, i) => ({ ...l, i })).filter((l) => !l.abstain)
    charts.levels = new Chart(levelCanvas, {
      type: 'bar',
      data: {
        labels: [...data.dimensions.map((d) => d.label), data.labels.pooled],
        datasets: counted.map((level, k) => ({
          label: level.label,
          backgroundColor: LEVEL_COLORS[k % LEVEL_COLORS.length],
          borderColor: '#fff',
          borderWidth: 1,
          data: Array.from({ length: D + 1 }, (_, d) => asPercent(headline.rates[d * L + level.i]) ?? 0),
        })),
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        scales: { x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%` } }, y: { stacked: true } },
        plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${Number(item.raw).toFixed(2)}%` } } },
      },
    })
  }
  const categoryCanvas = document.getElementById('chart-categories') as HTMLCanvasElement | null
  if (categoryCanvas) {
    // Suppressed categories get no bar (and stay labelled in the table): never a number.
    charts.categories = new Chart(categoryCanvas, {
      type: 'bar',
      data: {
        labels: data.categories.map((c) => c.name),
        datasets: [
          {
            label: `${data.labels.pooled}`,
            backgroundColor: LEVEL_COLORS[0],
            data: data.categories.map((_, c) => asPercent(data.categoryBlocks[c]?.sat[D])),
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${data.labels.satisfaction}: ${Number(item.raw).toFixed(2)}%` } } },
      },
    })
  }
}
resizeForPrint(charts)
expose(charts)
