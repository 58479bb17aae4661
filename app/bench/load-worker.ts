/** Worker-thread entry of the benchmark's clients: runLoad, with the ready/go handshake over postMessage. */
import { parentPort, workerData } from 'node:worker_threads';
import { runLoad, type LoadConfig } from './load';

const port = parentPort!;
const go = () => new Promise<void>((resolve) => port.once('message', (m) => m === 'go' && resolve()));

const result = await runLoad(workerData as LoadConfig, async () => {
  const started = go();
  port.postMessage({ kind: 'ready' });
  await started;
});
port.postMessage({ kind: 'result', result });
