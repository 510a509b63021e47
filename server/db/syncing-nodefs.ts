import { fsyncSync } from 'node:fs'
import type { PGlite } from '@electric-sql/pglite'
import { NodeFS } from '@electric-sql/pglite/nodefs'

type PostgresMod = Parameters<NodeFS['init']>[1]
type Stream = { nfd?: number }

/**
 * PGlite's folder on disk (its NodeFS), with fsync that reaches the disk. PGlite 0.4 starts
 * PostgreSQL with fsync off (`-F`), and the Emscripten NODEFS under it has no fsync of its own,
 * so fsync() returned at once and a commit was only in the operating system's cache: a killed
 * process lost nothing, a power cut or a crash of the machine could lose acknowledged ballots
 * (electric-sql/pglite#1107). Here each file stream syncs through Node (directories have no host
 * descriptor and are skipped); openPglite also starts PostgreSQL with fsync on and
 * `wal_sync_method = fsync`, since fdatasync stays a no-op in Emscripten.
 */
export class SyncingNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: PostgresMod) {
    const { emscriptenOpts } = await super.init(pg, opts)
    const syncFiles = (mod: { FS: { filesystems: { NODEFS: { stream_ops: Record<string, unknown> } } } }) => {
      mod.FS.filesystems.NODEFS.stream_ops.fsync = (stream: Stream) => {
        if (stream.nfd !== undefined) fsyncSync(stream.nfd)
        return 0
      }
    }
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), syncFiles] } }
  }
}

/** PGlite's start parameters with fsync on (its default turns it off) and WAL synced by fsync(). */
export const durableStartParams = (defaults: string[]) => [...defaults.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync']
