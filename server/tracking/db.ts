import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'

/** A database handle or a transaction: store functions take either. */
export type Db = Kysely<Database> | Transaction<Database>
