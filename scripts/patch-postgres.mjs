// Run by `npm install` / `npm ci` (postinstall). Patches postgres.js 3.4.9, which has no fixed
// release yet: when PostgreSQL restarts under load, a small write deferred with setImmediate
// runs after the connection closed and dereferences a null socket — an uncatchable TypeError
// that kills the whole Node process (porsager/postgres#1154, #1208; fix proposed in PRs #1168,
// #1176, #1209). Found by test/reliability/crash.test.ts (PostgreSQL crash-restarted during
// load). The patch settles the pending queries with CONNECTION_CLOSED instead (the app answers
// 500 and the client retries with the same submission id), and clears the deferred write when
// a connection closes, so a reconnected connection cannot inherit it.
// A second defect keeps the pool broken after the restart: releasing a reserved connection
// (Kysely reserves one per transaction) puts it back among the open ones even when its socket
// closed meanwhile, so every later query is written to a dead connection. The patch puts a
// released connection back only if it is still live, and lets a closed one reconnect.
// A third: `end()` called while a connection is reserved (Kysely reserves one for every query)
// waits for that connection to end, but releasing it put it back in the pool instead, so
// `end()` never resolved and the Node host hung on SIGTERM (seen in CI: a flush was running).
// The patch ends a connection released while the pool is ending.
// A fourth: each new connection first fetches the array types, and the promise of that query is
// dropped, so when it fails — the backend terminated or PostgreSQL restarting while a connection
// starts, a statement_timeout — its rejection is unhandled and Node ends the whole process
// (porsager/postgres#1192, #1205, #1223; open). The patch catches it: the connection's own
// error handling already fails or retries the query that was waiting for it.
// A fifth: the count of rows received is reset only when a query completes, so a query that
// fails part-way through its rows — a statement_timeout, a cancel, an error on one row — leaves
// it standing, and the next query on that connection resolves with that many holes before its
// own rows (porsager/postgres#1119, #1181; PRs #1120, #1190, open). Seen here as the array-types
// query of a new connection, cut off by a 1 ms statement_timeout, handing its row count to the
// reserved connection's first query (test/api/postgres-type-fetch.test.ts, 1 run in 2). The patch
// resets the count whenever the server says it is ready for the next query.
// Idempotent; fails loudly when postgres.js changes, so that an upgrade re-checks upstream.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const root = new URL('../node_modules/postgres/', import.meta.url)
if (!existsSync(root)) process.exit(0)
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
if (version !== '3.4.9') {
  console.error(`scripts/patch-postgres.mjs: postgres.js is ${version}, not 3.4.9; check whether porsager/postgres#1208 is fixed and update or remove this patch`)
  process.exit(1)
}
const MARK = '/* pingyi: null-socket guard, end after release */'
const connectionEdits = [
  [
    'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    `function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  ],
  ['clearImmediate(nextWriteTimer)\n    if (socket) {', 'clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {'],
  ['clearImmediate(nextWriteTimer)\n    socket.removeListener', 'clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener'],
  ['return fetchArrayTypes()\n', 'return fetchArrayTypes().catch(noop)\n'],
  ['query = results = errorResponse = null\n', 'query = results = errorResponse = null\n    rows = 0\n'],
]
const indexEdits = [
  [
    'sql.release = () => {\n      c.reserved = null\n      onopen(c)\n    }',
    `sql.release = () => {\n      ${MARK}\n      c.reserved = null\n      ending\n        ? (onend(c), c.terminate())\n        : c.queue === reserved || c.queue === full\n          ? onopen(c)\n          : c.queue === closed && queries.length && connect(c, queries.shift())\n    }`,
  ],
]
const files = ['src', 'cjs/src', 'cf/src'].flatMap((dir) => [
  [`${dir}/connection.js`, connectionEdits],
  [`${dir}/index.js`, indexEdits],
])
for (const [file, edits] of files) {
  const url = new URL(file, root)
  const before = readFileSync(url, 'utf8')
  let text = before
  // Each edit on its own: one added to this script later reaches a tree patched before it.
  for (const [from, to] of edits) {
    if (text.includes(to)) continue
    if (text.split(from).length !== 2) {
      console.error(`scripts/patch-postgres.mjs: unexpected ${file}; the patch no longer applies`)
      process.exit(1)
    }
    text = text.replace(from, to)
  }
  if (text !== before) writeFileSync(url, text)
}
