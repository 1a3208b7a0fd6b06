// `pnpm --filter @lanyard/bench report`: writes bench/RESULTS.md again from bench/results/results.json
// (the same run's numbers) after a change to the notes or the tables' layout. Measures nothing.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Results } from './report.ts'
import { resultsMarkdown } from './results-markdown.ts'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const results = JSON.parse(readFileSync(`${benchDir}/results/results.json`, 'utf8')) as Results
writeFileSync(`${benchDir}/RESULTS.md`, resultsMarkdown(results))
console.log('wrote bench/RESULTS.md from bench/results/results.json')
