/**
 * Chinese full-text search that runs the same on PGlite and PostgreSQL: pg_trgm is not part of
 * PGlite's default build, and PostgreSQL's text search has no Chinese parser. Each opinion keeps
 * `search_text`, its body normalised (NFKC folds full-width letters and digits, lower case, white
 * space removed); a query is split on white space into terms, each normalised the same way, and
 * every term must occur (LIKE '%term%'). Chinese needs no word boundaries for this; a scan of
 * 10,000 opinions takes a few milliseconds (test/api/opinions-search.test.ts prints the figure).
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

/** The LIKE patterns for a query: one per term, with %, _ and \ escaped. Empty for a blank query. */
export function searchPatterns(query: string): string[] {
  return query
    .normalize('NFKC')
    .split(/\s+/)
    .map((term) => normalizeForSearch(term))
    .filter((term) => term.length > 0)
    .slice(0, 8)
    .map((term) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)
}
