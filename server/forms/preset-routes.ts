import { Hono } from 'hono'
import { categoryPresets } from '../categories/presets'
import type { AppEnv } from '../env'
import { formPresets, presetNames, scalePresets } from './presets'

/** The presets organisers build from: `GET /api/presets` (question sets, scales, categories). */
export const presetRoutes = new Hono<AppEnv>().get('/', (c) => {
  const lang = c.get('lang')
  return c.json({
    forms: Object.entries(formPresets).map(([id, p]) => ({ id, title: presetNames[id as keyof typeof formPresets][lang], ...p })),
    scales: Object.entries(scalePresets).map(([id, levels]) => ({ id, title: presetNames[id as keyof typeof scalePresets][lang], levels })),
    categories: Object.entries(categoryPresets).map(([id, categories]) => ({ id, categories })),
  })
})
