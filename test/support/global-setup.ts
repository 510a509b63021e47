import { execFileSync } from 'node:child_process'

/** Builds the web assets once, for the browser and Workers tests that serve them. */
export default function setup() {
  execFileSync('npx', ['tsx', 'scripts/build-web.ts', '--quiet'], { stdio: 'inherit' })
}
