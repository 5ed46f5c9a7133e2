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
