import { Chart, expose, hideBands, pageData, resizeForPrint, type TrendPoint, trendDatasets } from './results-charts'

interface Data {
  rounds: string[]
  series: { label: string; points: (TrendPoint | null)[] }[]
}

const data = pageData<Data>('unit-data')
const charts: Record<string, Chart> = {}

// One small chart per dimension (and the pooled 满意率 first): a line with its 95% band.
data?.series.forEach((s, i) => {
  const canvas = document.getElementById(`trend-${i}`) as HTMLCanvasElement | null
  if (!canvas) return
  charts[`trend-${i}`] = new Chart(canvas, {
    type: 'line',
    data: { labels: data.rounds, datasets: trendDatasets(s.label, s.points, 0) as never },
    options: {
      maintainAspectRatio: false,
      scales: { y: { suggestedMin: 50, max: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: { ...hideBands, title: { display: true, text: s.label } } as never,
    },
  })
})
resizeForPrint(charts)
expose(charts)
