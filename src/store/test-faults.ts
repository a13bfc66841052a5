/** For store tests of faults: training clients whose "worker" fails the way a real one does. */
import { createInProcessTrainClient } from '../worker/in-process-client';
import { WORKER_CRASHED } from '../worker/job-client';
import type { TrainClient } from '../worker/train-client';

/** The real in-process training client, whose "worker" dies after `epochs` epochs of the first run (as the bridge reports a dead worker). */
export function dyingTrainClient(epochs: number): TrainClient {
  const real = createInProcessTrainClient();
  let runs = 0;
  return {
    ...real,
    train(job, on) {
      if (runs++ > 0) return real.train(job, on);
      let died: (r: { ok: false; error: typeof WORKER_CRASHED }) => void = () => {};
      const death = new Promise<{ ok: false; error: typeof WORKER_CRASHED }>((r) => (died = r));
      let seen = 0;
      let dead = false;
      const handle = real.train(job, {
        ...on,
        checkpoint: (cp) => !dead && on.checkpoint?.(cp), // a dead worker sends nothing more
        epoch(log) {
          on.epoch?.(log);
          if (++seen === epochs) {
            dead = true;
            handle.stop();
            died({ ok: false, error: WORKER_CRASHED });
          }
        },
      });
      return { ...handle, result: Promise.race([death, handle.result]) };
    },
  };
}

