import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A response the proxy received from the app and did not pass on. */
export interface Dropped {
  path: string
  requestBody: string
  status: number
  body: string
}

export interface DropProxy {
  base: string
  dropped: Dropped[]
  /** Requests forwarded so far. */
  forwarded(): number
  close(): Promise<void>
}

/**
 * An HTTP proxy in front of `upstream` that forwards every request, waits for the app's whole
 * response (so the app has committed whatever it commits), and then, for the requests
 * `shouldDrop` picks, destroys the client's socket instead of answering: the client sees a
 * connection reset after the server did the work, as on a phone losing its network.
 * Responses are asked for uncompressed, so that a dropped body compares with a later one.
 */
export async function startDropProxy(upstream: string, shouldDrop: (path: string, body: string) => boolean): Promise<DropProxy> {
  const target = new URL(upstream)
  const agent = new Agent({ keepAlive: true, maxSockets: 128 })
  const dropped: Dropped[] = []
  let forwarded = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks)
      forwarded++
      const out = request(
        { agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, 'accept-encoding': 'identity' } },
        (up) => {
          const parts: Buffer[] = []
          up.on('data', (c: Buffer) => parts.push(c))
          up.on('end', () => {
            const body = Buffer.concat(parts)
            const path = req.url ?? '/'
            if (shouldDrop(path, requestBody.toString())) {
              dropped.push({ path, requestBody: requestBody.toString(), status: up.statusCode ?? 0, body: body.toString() })
              req.socket.destroy()
              return
            }
            const headers = { ...up.headers }
            delete headers['transfer-encoding']
            res.writeHead(up.statusCode ?? 502, { ...headers, 'content-length': String(body.length) })
            res.end(body)
          })
        },
      )
      out.on('error', () => req.socket.destroy())
      out.end(requestBody)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    dropped,
    forwarded: () => forwarded,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      agent.destroy()
    },
  }
}
