import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip)

interface Level {
  levelId: number
  label: string
  count: number
  display: string | null
}
interface Results {
  levels: { id: number; label: string; abstain: boolean }[]
  units: { unitId: string; name: string; dimensions: { label: string; levels: Level[] }[] }[]
}

// Greens for satisfied answers through to red, in scale order.
const COLORS = ['#1a7f37', '#6cc070', '#f2b33d', '#d1453b', '#8c959f']

const source = document.getElementById('results-data')
const results: Results = JSON.parse(source?.textContent ?? '{"levels":[],"units":[]}')
const charts: Record<string, Chart> = {}

for (const unit of results.units) {
  const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-unit="${unit.unitId}"]`)
  if (!canvas) continue
  const levels = results.levels.filter((l) => !l.abstain)
  charts[unit.unitId] = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: unit.dimensions.map((d) => d.label),
      datasets: levels.map((level, i) => ({
        label: level.label,
        backgroundColor: COLORS[i % COLORS.length],
        data: unit.dimensions.map((d) => Number(d.levels.find((l) => l.levelId === level.id)?.display ?? 0)),
        counts: unit.dimensions.map((d) => d.levels.find((l) => l.levelId === level.id)?.count ?? 0),
      })),
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%` } }, y: { stacked: true } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              const counts = (item.dataset as unknown as { counts: number[] }).counts
              return `${item.dataset.label}: ${item.formattedValue}% (${counts[item.dataIndex]})`
            },
          },
        },
      },
    },
  })
}

// Lets tests and print scripts reach the charts.
;(window as unknown as { pingyi: unknown }).pingyi = { charts }
