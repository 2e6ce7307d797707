// Entry of the worker thread that runs smoldot's executor for SmoldotConnector (plain JS: no
// TypeScript loader is needed in the worker). The connector terminates this worker after
// `client.terminate()`, which also ends the timers smoldot leaves behind.
import { workerData } from 'node:worker_threads';
import { run } from 'smoldot/worker';

await run(workerData.port);
