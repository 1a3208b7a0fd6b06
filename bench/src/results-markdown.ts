// bench/RESULTS.md: the machine and versions, every table, and how the numbers were taken.
import { NOTES } from './notes.ts'
import { table, tables, type Results } from './report.ts'

/** The whole of RESULTS.md for `r`. */
export function resultsMarkdown(r: Results): string {
  const m = r.machine
  const machine = m
    ? table(
        ['', ''],
        [
          ['date', m.date],
          ['OS', m.os],
          ['CPU', `${m.cpu}, ${m.cores} cores (nproc)`],
          ['memory', `${m.memoryGiB} GiB`],
          [
            'load average (1, 5, 15 min)',
            `${m.loadAverage.join(', ')} at start; ${m.loadAverageEnd?.join(', ') ?? '?'} at the end`,
          ],
          ['Node', m.node],
          ['Chromium', m.chromium],
          ['esbuild', m.esbuild],
          ['Lanyard', m.lanyard],
          ...Object.entries(m.packages).map(([name, version]) => [name, version]),
        ],
        ['l', 'l'],
      )
    : ''
  return `# Lanyard benchmark results

Written by \`pnpm bench\` (bench/src/main.ts); raw numbers in \`bench/results/results.json\`.
Do not edit by hand: run it again.

## Machine and versions

${machine}

## Results

${tables(r)}

${NOTES}`
}
