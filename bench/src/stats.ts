// Order statistics for benchmark samples. Nearest-rank percentiles: the value reported is one that
// was actually measured, never an interpolation between two.

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number
}

export const median = (samples: readonly number[]): number => percentile(samples, 50)

export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? NaN : samples.reduce((a, b) => a + b, 0) / samples.length
}
