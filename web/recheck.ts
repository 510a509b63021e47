// The access code between the evaluation form and the recheck form, in the URL fragment (#c=…),
// which the browser never sends to the server.
// - Evaluation form (#recheck-link): the 评价整改事项 link carries the code the form uses (the
//   form script keeps it in the fragment); where the round also has a public link, the hint
//   shows only once there is a code — the public has none, and the recheck form needs one.
// - Recheck form (#recheck-code): an empty code field is filled from #c=.
const CODE = /(?:^#|&)c=([^&]+)/

function codeInFragment(): string {
  const found = CODE.exec(location.hash)
  if (!found) return ''
  try {
    return decodeURIComponent(found[1]!).trim()
  } catch {
    return ''
  }
}

const hint = document.getElementById('recheck-link')
const link = hint?.querySelector('a')
if (hint && link) {
  const base = (link.getAttribute('href') ?? '').split('#')[0]!
  const sync = () => {
    const code = codeInFragment()
    const href = code ? `${base}#c=${encodeURIComponent(code)}` : base
    // Only changed values are written, so watching the page below cannot loop.
    if (link.getAttribute('href') !== href) link.setAttribute('href', href)
    if (hint.dataset.needsCode !== undefined && hint.hidden !== !code) hint.hidden = !code
  }
  sync()
  // The form script changes the fragment with history.replaceState, which fires no event: look
  // again whenever it redraws the page, on every click (before the link is followed) and key.
  new MutationObserver(sync).observe(document.querySelector('main') ?? document.body, { subtree: true, childList: true, characterData: true, attributes: true })
  for (const type of ['click', 'keyup', 'change', 'hashchange']) window.addEventListener(type, sync, true)
}

const field = document.getElementById('recheck-code') as HTMLInputElement | null
if (field && !field.value) field.value = codeInFragment()
