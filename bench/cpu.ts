import { readdirSync, readFileSync } from 'node:fs'

/** CPU seconds used so far by the parties of a load: the app server, PostgreSQL, and this process (the load generator). */
export interface CpuReading {
  server: number
  postgres: number
  loadGenerator: number
}

/** Clock ticks per second of /proc's stat times (USER_HZ: 100 on Linux's common builds). */
const TICKS = 100

/** utime + stime (seconds), process group and command name of every process /proc lists. */
function processes(): { pgrp: number; comm: string; seconds: number }[] {
  const out: { pgrp: number; comm: string; seconds: number }[] = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    const fields = fieldsAfterName(stat)
    out.push({ pgrp: Number(fields[2]), comm, seconds: cpuSeconds(fields) })
  }
  return out
}

/**
 * Reads the CPU time of the server's process group (it is started as a group leader, so this
 * counts every serving process it forks), of every `postgres` process on this machine (backends,
 * WAL writer and the rest: the database server's whole cost), and of this process. Null where
 * /proc is absent (not Linux): the figures that need it are then left out.
 */
export function readCpu(serverPid: number | undefined): CpuReading | null {
  try {
    const all = processes()
    const sum = (keep: (p: { pgrp: number; comm: string }) => boolean) => all.filter(keep).reduce((s, p) => s + p.seconds, 0)
    const own = process.cpuUsage()
    return {
      server: serverPid === undefined ? 0 : sum((p) => p.pgrp === serverPid),
      postgres: sum((p) => p.comm === 'postgres'),
      loadGenerator: (own.user + own.system) / 1e6,
    }
  } catch {
    return null
  }
}

/** Microseconds of CPU per item (ballot) each party spent between two readings. */
export function cpuPerItem(before: CpuReading | null, after: CpuReading | null, items: number) {
  if (!before || !after || items <= 0) return null
  const per = (k: keyof CpuReading) => ((after[k] - before[k]) * 1e6) / items
  return { server: per('server'), postgres: per('postgres'), loadGenerator: per('loadGenerator') }
}

/** CPU seconds (utime + stime) one process has used so far; null where /proc is absent or it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    return cpuSeconds(fieldsAfterName(readFileSync(`/proc/${pid}/stat`, 'utf8')))
  } catch {
    return null
  }
}

/** A /proc stat line's fields after the command name, which is in parentheses and may hold spaces. */
const fieldsAfterName = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ')

/** utime + stime of those fields, in seconds. */
const cpuSeconds = (fields: string[]) => (Number(fields[11]) + Number(fields[12])) / TICKS
