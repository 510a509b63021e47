import { listJoin } from '../i18n'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from '../console/layout'
import { JsonData } from '../pages/layout'
import type { RoundContext } from '../rounds/store'
import { Flash, paperBase } from './pages'
import type { Sheet } from './reconcile'
import { clerkWords, pt } from './text'

/** The key for each level: 1, 2, … for answers in form order; 0 for an abstain level (不了解). */
export function levelKeys(ctx: RoundContext): { id: number; label: string; key: string }[] {
  let n = 0
  return ctx.levels.map((l) => ({ id: l.id, label: l.label, key: l.abstain ? '0' : String(++n) }))
}

/**
 * `/console/rounds/:round/paper/batches/:batch/enter`: the clerk's entry screen. Without
 * JavaScript it is a plain form, one slip per post. web/clerk.ts turns it into a keyboard-only
 * screen (a key per level, auto-advance, Backspace to undo) that saves each slip over the JSON API.
 */
export function EntryPage(props: {
  req: ConsoleRequest
  ctx: RoundContext
  sitting: { name: string }
  batch: { id: string; name: string }
  mine: { pass: number; done: boolean; sheets: Sheet[] } | null
  /** For a third keying: the slip numbers still in dispute (keyed by number, in any order). */
  disputed: number[] | null
  error?: string
  ok?: string
}) {
  const { req, ctx, batch, mine } = props
  const { lang } = req
  const base = `${paperBase(ctx.round.id)}/batches/${batch.id}`
  const keys = levelKeys(ctx)
  const answerKeys = keys.filter((k) => k.key !== '0').length
  const abstain = keys.find((k) => k.key === '0')
  const disputed = props.disputed
  const next = disputed ? (disputed[0] ?? 1) : (mine?.sheets.length ?? 0) + 1
  const help = pt(lang, 'keysHelp', { n: answerKeys, abstain: abstain ? pt(lang, 'abstainKey', { label: abstain.label }) : '' })
  return (
    <ConsoleLayout req={req} title={`${batch.name} · ${pt(lang, 'enter')}`} active="paper" scripts={['/assets/clerk.js']}>
      <p>
        <a href={paperBase(ctx.round.id)}>← {pt(lang, 'back')}</a>
      </p>
      <h1>
        {props.sitting.name} · {batch.name} · {pt(lang, 'enter')}
      </h1>
      <Flash req={req} error={props.error} ok={props.ok} />
      {mine?.done ? (
        <p class="ok">{pt(lang, 'passDone')}</p>
      ) : (
        <>
          <p class="muted small" id="keys-help">
            {help}
          </p>
          <form method="post" action={`${base}/sheets`} id="entry" class="entry" aria-describedby="keys-help">
            <CsrfField token={req.csrfToken} />
            {disputed ? (
              <>
                <p class="notice">{pt(lang, 'thirdKeying', { list: listJoin(lang, disputed.map(String)) })}</p>
                <label class="field">
                  <span>{pt(lang, 'sheetNo')}</span>
                  <input type="number" name="sheet" min="1" max="100000" value={String(next)} required />
                </label>
              </>
            ) : (
              <input type="hidden" name="sheet" value={String(next)} />
            )}
            <h2 id="sheet-title">{pt(lang, 'slip', { n: next })}</h2>
            <fieldset class="cats">
              <legend>{pt(lang, 'category')}</legend>
              {ctx.categories.map((k, i) => (
                <label class="cat">
                  <input type="radio" name="categoryId" value={k.id} required />
                  {i < 9 ? <kbd>{i + 1}</kbd> : null} {k.name}
                </label>
              ))}
            </fieldset>
            <label class="spoil">
              <input type="checkbox" name="spoiled" value="1" /> {pt(lang, 'spoiled')} <kbd>X</kbd>
            </label>
            <div class="table-wrap">
              <table class="entry-grid">
                <thead>
                  <tr>
                    <th scope="col">{pt(lang, 'unit')}</th>
                    {ctx.dimensions.map((d) => (
                      <th scope="col">{d.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ctx.units.map((u) => (
                    <tr>
                      <th scope="row">{u.name}</th>
                      {ctx.dimensions.map((d) => (
                        <td>
                          <select name={`c.${u.id}.${d.id}`} aria-label={`${u.name} · ${d.label}`}>
                            <option value="">{pt(lang, 'blankCell')}</option>
                            {keys.map((k) => (
                              <option value={String(k.id)}>
                                {k.key} {k.label}
                              </option>
                            ))}
                          </select>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p id="entry-status" class="entry-status" aria-live="polite">
              {pt(lang, 'keyedSoFar', { n: next - 1 })}
            </p>
            <button type="submit" id="save-sheet">
              {pt(lang, 'saveSheet')}
            </button>
          </form>
          <JsonData
            id="entry-data"
            data={{
              api: `/api/rounds/${ctx.round.id}/paper-batches/${batch.id}`,
              words: clerkWords(lang),
              categories: ctx.categories.map((k) => ({ id: k.id, name: k.name })),
              units: ctx.units.map((u) => ({ id: u.id, name: u.name })),
              dimensions: ctx.dimensions.map((d) => ({ id: d.id, label: d.label })),
              levels: keys,
              sheets: mine?.sheets ?? [],
              disputed,
            }}
          />
          <form method="post" action={`${base}/done`} class="inline finish">
            <CsrfField token={req.csrfToken} />
            <button type="submit">{pt(lang, 'finish')}</button>
          </form>
        </>
      )}
    </ConsoleLayout>
  )
}
