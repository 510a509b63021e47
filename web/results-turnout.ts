import { beijingClock, serverTime } from './beijing-clock'
import { CATEGORY_COLORS, Chart, expose, pageData } from './results-charts'

interface Turnout {
  round: { id: string; status: string }
  categories: { id: string; name: string }[]
  units: { id: string; name: string; handedOut: number; received: number; byCategory: number[]; returnRate: number | null }[]
  /** `invalid`: null until the round has closed. */
  total: { handedOut: number; received: number; invalid: number | null; returnRate: number | null }
}

const POLL_MS = 5000
const initial = pageData<{ turnout: Turnout; at: string; lang: string; statusNames: Record<string, string> }>('turnout-data')
const charts: Record<string, Chart> = {}
const percent = (units: number | null) => (units == null ? '—' : `${(units / 100).toFixed(2)}%`)
const setText = (id: string, value: string) => {
  const el = document.getElementById(id)
  if (el) el.textContent = value
}

/** Shows the counts `t` as of `at` (ms, the server's clock). */
function render(t: Turnout, at: number) {
  setText('total-received', String(t.total.received))
  setText('total-invalid', t.total.invalid === null ? '' : String(t.total.invalid))
  const invalid = document.getElementById('invalid-figure')
  if (invalid) invalid.hidden = t.total.invalid === null
  setText('total-handed-out', String(t.total.handedOut))
  setText('total-rate', percent(t.total.returnRate))
  setText('round-status', initial?.statusNames[t.round.status] ?? t.round.status)
  setText('updated', beijingClock(at))
  const body = document.getElementById('turnout-rows')
  if (body) {
    body.replaceChildren(
      ...t.units.map((u) => {
        const tr = document.createElement('tr')
        tr.dataset.unit = u.id
        const th = document.createElement('th')
        th.textContent = u.name
        tr.append(th)
        for (const value of [...u.byCategory.map(String), String(u.received), String(u.handedOut), percent(u.returnRate)]) {
          const td = document.createElement('td')
          td.className = 'num'
          td.textContent = value
          tr.append(td)
        }
        return tr
      }),
    )
  }
  const chart = charts.turnout
  if (chart) {
    chart.data.labels = t.units.map((u) => u.name)
    t.categories.forEach((_, c) => {
      const ds = chart.data.datasets[c]
      if (ds) ds.data = t.units.map((u) => u.byCategory[c] ?? 0)
    })
    chart.update()
  }
}

const canvas = document.getElementById('chart-turnout') as HTMLCanvasElement | null
if (initial && canvas) {
  const t = initial.turnout
  // Ballots in per unit, stacked by category: counts only.
  charts.turnout = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: t.units.map((u) => u.name),
      datasets: t.categories.map((c, i) => ({ label: c.name, backgroundColor: CATEGORY_COLORS[i % CATEGORY_COLORS.length], borderColor: '#fff', borderWidth: 1, data: t.units.map((u) => u.byCategory[i] ?? 0) })),
    },
    options: { maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  })
}

async function poll() {
  if (!initial) return
  try {
    const res = await fetch(`/api/results/rounds/${initial.turnout.round.id}/turnout`, { headers: { accept: 'application/json' }, cache: 'no-store' })
    if (res.ok) render((await res.json()) as Turnout, serverTime(res, Date.now()))
  } catch {
    // A dropped connection in the hall: the next poll tries again.
  }
  setTimeout(poll, POLL_MS)
}
if (initial) {
  render(initial.turnout, Date.parse(initial.at))
  setTimeout(poll, POLL_MS)
}
expose(charts)
