/**
 * Turns on the server's thread. A request of thousands of leaves (all 60 metrics with their series
 * and splits) does tens of milliseconds of synchronous work before its first statement runs:
 * validating, resolving fields, planning each bucket's leaves, compiling statements. In one
 * stretch, it held `/live`, ingestion batches and the workers' answers back for up to 164 ms.
 *
 * Work that may be long first takes a turn (`await takeTurn()`). Within a turn of TURN_MS it goes
 * on at once; past it, it waits for the next turn, which starts once the event loop has read
 * the I/O that came in meanwhile. Waiting work is let in one piece at a time, in arrival order,
 * until the turn's time is used. A piece is what runs synchronously after its `await takeTurn()`.
 */

/** How long the thread works before it lets I/O in. */
export const TURN_MS = 10;

let turnStarted = -Infinity;
const waiting: (() => void)[] = [];
let nextTurnScheduled = false;
let letInQueued = false;

/**
 * Resolves within the current turn if it has time left when the caller's piece comes up, else in
 * the next. The check is made then, not at the call: a request's resolvers all ask at once.
 */
export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!nextTurnScheduled) queueLetIn();
  });
}

function queueLetIn(): void {
  if (letInQueued) return;
  letInQueued = true;
  queueMicrotask(letNextIn);
}

/** Lets the next piece in, if the turn has time left; queued behind it, it runs once that piece's synchronous part has. */
function letNextIn(): void {
  letInQueued = false;
  if (waiting.length === 0) return;
  if (performance.now() - turnStarted >= TURN_MS) return scheduleTurn();
  waiting.shift()!();
  queueLetIn();
}

function scheduleTurn(): void {
  if (nextTurnScheduled) return;
  nextTurnScheduled = true;
  // Two hops: from an I/O callback, one would start the turn in the same loop iteration, before
  // the I/O that came in meanwhile is read (libuv reads it in the next iteration's poll phase).
  setImmediate(() =>
    setImmediate(() => {
      nextTurnScheduled = false;
      turnStarted = performance.now();
      letNextIn();
    }),
  );
}
