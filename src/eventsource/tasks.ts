// The task source of every SseEventSource on the page. A native EventSource dispatches each of its events
// (open, message, error) from a task of its own, so the page's microtasks run between two events and a
// handler never runs inside the code that caused it (a constructor, another instance's dispatch, the store's
// delivery to its listeners). One MessageChannel for all instances keeps them in the order the store saw
// the events; setTimeout(0) would be clamped to 4 ms after a few nested calls.

type Job = () => void;

/** The jobs not run yet, oldest at `next`: an index, so a burst of 20,000 events does not shift an array each. */
let jobs: Job[] = [];
let next = 0;
let channel: MessageChannel | undefined;

/** Runs the oldest job: one per posted message, so each job is a task of its own. */
function runOne(): void {
  const job = jobs[next];
  jobs[next++] = undefined as unknown as Job;
  if (next === jobs.length) {
    jobs = [];
    next = 0;
  }
  job?.();
}

/** Runs `job` in a task of its own, after every job queued before it. */
export function queueTask(job: Job): void {
  jobs.push(job);
  if (typeof MessageChannel != 'function') {
    setTimeout(runOne, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = runOne;
  }
  channel.port2.postMessage(null);
}
