import { Worker } from 'node:worker_threads';

/** The lines a long start prints, each stamped with the seconds since the start. */
export interface StartupProgress {
  step: (message: string) => void;
  /**
   * A step of a long loop, printed only when nothing was said for two seconds: a busy machine is never silent for
   * long.
   */
  stepIfQuiet: (message: string) => void;
  /** Runs `work`, saying every five seconds that it is still running. */
  saying: <T>(doing: string, work: () => Promise<T>) => Promise<T>;
}

export function createStartupProgress(print: (line: string) => void): StartupProgress {
  const started = performance.now();
  let lastLine = started;
  const step = (message: string) => {
    lastLine = performance.now();
    print(`[${((lastLine - started) / 1000).toFixed(1)} s] ${message}`);
  };
  // PGlite's first start (initdb in WebAssembly) blocks this thread for up to a minute on a busy machine, so
  // the ticker runs in a worker thread and writes to stdout itself.
  async function saying<T>(doing: string, work: () => Promise<T>): Promise<T> {
    const ticker = new Worker(
      `const { writeSync } = require('node:fs');
     const { doing, startedAt } = require('node:worker_threads').workerData;
     const seconds = () => ((Date.now() - startedAt) / 1000).toFixed(1);
     setInterval(() => writeSync(1, '[' + seconds() + ' s] still ' + doing + '…\\n'), 5000);`,
      { eval: true, workerData: { doing, startedAt: Date.now() - (performance.now() - started) } },
    );
    try {
      return await work();
    } finally {
      await ticker.terminate();
      lastLine = performance.now();
    }
  }
  const stepIfQuiet = (message: string) => {
    if (performance.now() - lastLine >= 2000) step(message);
  };
  return { step, stepIfQuiet, saying };
}
