import { execFileSync } from 'node:child_process'

/** Builds the web assets and the Node host bundle once, for the browser and Workers tests that serve them. */
export default function setup() {
  execFileSync('npx', ['tsx', 'scripts/build-web.ts', '--quiet'], { stdio: 'inherit' })
  execFileSync('npx', ['tsx', 'scripts/build-server.ts'], { stdio: 'inherit' })
}
