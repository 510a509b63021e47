import { asPercent, Chart, expose, hideBands, LEVEL_COLORS, pageData, resizeForPrint, type TrendPoint, trendDatasets } from './results-charts'

interface Data {
  rounds: string[]
  series: { label: string; points: (TrendPoint | null)[] }[]
}

const data = pageData<Data>('unit-data')
const charts: Record<string, Chart> = {}

// A unit of one round: its 满意率 per dimension as horizontal bars, the pooled one first and darker.
const single = document.getElementById('unit-round') as HTMLCanvasElement | null
if (data && single) {
  charts['unit-round'] = new Chart(single, {
    type: 'bar',
    data: { labels: data.series.map((s) => s.label), datasets: [{ label: data.rounds[0] ?? '', data: data.series.map((s) => asPercent(s.points[0]?.sat)), backgroundColor: data.series.map((_, i) => LEVEL_COLORS[i === 0 ? 0 : 1]!) }] },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: { legend: { display: false }, title: { display: true, text: data.rounds[0] ?? '' } },
    },
  })
}

// One small chart per dimension (and the pooled 满意率 first): a line with its 95% band, named
// by its title (a legend would only say the same again).
data?.series.forEach((s, i) => {
  const canvas = document.getElementById(`trend-${i}`) as HTMLCanvasElement | null
  if (!canvas) return
  charts[`trend-${i}`] = new Chart(canvas, {
    type: 'line',
    data: { labels: data.rounds, datasets: trendDatasets(s.label, s.points, 0) as never },
    options: {
      maintainAspectRatio: false,
      scales: { y: { suggestedMin: 50, max: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: { ...hideBands, legend: { display: false }, title: { display: true, text: s.label } } as never,
    },
  })
})
resizeForPrint(charts)
expose(charts)
