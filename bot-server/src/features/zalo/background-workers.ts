// The in-process workers: the webhook inbox processor and the outbox dispatcher. Safe with many instances:
// both claim rows with FOR UPDATE SKIP LOCKED and a lease, so a killed instance's work is taken over.
import { errorSummary } from '../../lib/error-summary.js';
import type { Logger } from '../../lib/logger.js';

export interface Worker {
  name: string;
  /** Does one batch; returns how many items it handled (a full batch means: run again soon). */
  run: () => Promise<number>;
}

export interface WorkerLoop {
  kick: () => void;
  /** Runs every worker until none has work left (tests and start-up use it). */
  drain: () => Promise<void>;
  stop: () => Promise<void>;
}

export function startWorkerLoop(workers: Worker[], log: Logger, intervalMs: number): WorkerLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  /** Runs batches until a round finds no work; returns whether it did any. */
  const pass = async (): Promise<boolean> => {
    let didWork = false;
    for (;;) {
      let busy = false;
      for (const w of workers) {
        try {
          if ((await w.run()) > 0) busy = true;
        } catch (err) {
          log.error({ worker: w.name, err: errorSummary(err) }, 'worker batch failed');
        }
      }
      if (!busy || stopped) return didWork;
      didWork = true;
    }
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(kick, intervalMs);
  timer.unref();
  kick();
  return {
    kick,
    drain: async () => {
      // A kicked pass may be claiming rows concurrently; finish only when neither it nor ours found work.
      for (;;) {
        while (running) await running;
        const didWork = await pass();
        if (!didWork && !running) return;
      }
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
