/** On SIGINT or SIGTERM, runs the stop steps in order (servers first, databases last), then exits. */
export function stopOnSignals(steps: Array<() => Promise<unknown>>, onStop?: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      onStop?.();
      for (const step of steps) await step();
      process.exit(0);
    });
  }
}
