import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { freePort } from './processes'

/**
 * A PostgreSQL server of the test's own (initdb into a temporary folder, started on a free
 * port with every statement logged to a file), so that a test may crash and restart it, or
 * read its log, without touching the machine's shared server.
 */
export interface PrivatePostgres {
  port: number
  /** A connection string to database `name` (created by `createDatabase`). */
  url(name?: string): string
  createDatabase(name: string): Promise<string>
  /** The server log so far (log_statement = all). */
  log(): string
  /** `pg_ctl stop -m immediate`: every backend killed at once, no checkpoint; the next start runs crash recovery. */
  crash(): void
  start(): void
  /** Stops it and removes its folder. */
  destroy(): void
}

/** The folder of PostgreSQL's server binaries (initdb, pg_ctl), or null when not installed. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  for (const version of readdirSync(root).sort().reverse()) {
    const bin = join(root, version, 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return null
}

const asRoot = process.getuid?.() === 0

function postgresUid(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'))
    if (!line) return null
    const [, , uid, gid] = line.split(':')
    return { uid: Number(uid), gid: Number(gid) }
  } catch {
    return null
  }
}

/** Why a private server cannot be started here, or null when it can. */
export function privatePostgresProblem(): string | null {
  if (!postgresBinaries()) return 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)'
  if (asRoot && !postgresUid()) return 'running as root and there is no postgres user to run initdb as'
  return null
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinaries()
  const problem = privatePostgresProblem()
  if (!bin || problem) throw new Error(problem ?? 'no binaries')
  const root = mkdtempSync(join(tmpdir(), 'pingyi-pg-'))
  const data = join(root, 'data')
  const logFile = join(root, 'server.log')
  const owner = asRoot ? postgresUid() : null
  if (owner) chownSync(root, owner.uid, owner.gid)
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool)
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args
    return execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString()
  }
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-instructions'])
  const port = await freePort()
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${root}`,
    '-c log_statement=all',
    '-c max_connections=100',
    '-c shared_buffers=32MB',
  ].join(' ')
  const self: PrivatePostgres = {
    port,
    url: (name = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${name}`,
    async createDatabase(name) {
      const admin = postgres(self.url(), { max: 1, onnotice: () => {} })
      await admin.unsafe(`CREATE DATABASE ${name}`)
      await admin.end()
      return self.url(name)
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    crash: () => void run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']),
    start: () => void run('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '60', '-o', options]),
    destroy() {
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w'])
      } catch {
        // not running
      }
      rmSync(root, { recursive: true, force: true })
    },
  }
  self.start()
  return self
}
