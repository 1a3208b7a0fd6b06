/** Runs `task` when the page is idle (at the latest after 5 s), or on the next task without `requestIdleCallback`. */
export function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 5000 })
  else setTimeout(task, 0)
}
