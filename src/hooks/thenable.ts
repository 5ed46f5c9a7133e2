// Promise detection shared by the call paths and the monitors.

/** A promise, or anything that would be awaited like one. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    ((typeof value === 'object' && value !== null) || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Silence a rejected promise we are reporting as a different error, so Node does not crash on it. */
export function discard(value: PromiseLike<unknown>): void {
  Promise.resolve(value).catch(() => {});
}

/**
 * The first value that is not `undefined` among `running`, in their order, as soon as every one
 * before it has settled (tapable's AsyncParallelBailHook); `undefined` when none gives one. A
 * rejection before the answer rejects; one after it is silenced, as nobody can see it any more.
 */
export function firstAnswer(running: readonly Promise<unknown>[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const settled: ({ value: unknown } | { error: unknown } | undefined)[] = new Array(running.length);
    let next = 0;
    let done = false;
    const advance = (): void => {
      for (; next < running.length && settled[next] !== undefined; next++) {
        const outcome = settled[next]!;
        if ('error' in outcome) {
          done = true;
          reject(outcome.error);
          return;
        }
        if (outcome.value !== undefined) {
          done = true;
          resolve(outcome.value);
          return;
        }
      }
      if (next === running.length) {
        done = true;
        resolve(undefined);
      }
    };
    running.forEach((promise, i) => {
      promise.then(
        (value) => {
          settled[i] = { value };
          if (!done) advance();
        },
        (error: unknown) => {
          settled[i] = { error };
          if (!done) advance();
        },
      );
    });
    advance();
  });
}
