import { Chart, expose, hideBands, pageData, resizeForPrint, type TrendPoint, trendDatasets } from './results-charts'

interface Data {
  rounds: string[]
  units: { label: string; points: (TrendPoint | null)[] }[]
}

const data = pageData<Data>('compare-data')
const charts: Record<string, Chart> = {}
const canvas = document.getElementById('chart-compare') as HTMLCanvasElement | null

if (data && canvas) {
  charts.compare = new Chart(canvas, {
    type: 'line',
    data: { labels: data.rounds, datasets: data.units.flatMap((u, i) => trendDatasets(u.label, u.points, i)) as never },
    options: {
      maintainAspectRatio: false,
      scales: { y: { suggestedMin: 50, max: 100, ticks: { callback: (v) => `${v}%` } } },
      // Point markers in the legend: past ten units a colour comes round again, its marker differs.
      plugins: { ...hideBands, legend: { position: 'bottom', labels: { ...hideBands.legend.labels, usePointStyle: true } } } as never,
    },
  })
}
resizeForPrint(charts)
expose(charts)
