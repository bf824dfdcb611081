import cluster from 'node:cluster';
import type { Registry } from 'prom-client';

/**
 * With WORKERS above one, a scrape reaches whichever API process the cluster hands the connection
 * to. That process asks the supervisor, which collects every worker's registry and sums them with
 * prom-client's own cluster aggregation, so one scrape counts the requests of all processes.
 * prom-client is imported when first needed: the supervisor, which loads none of the API, stays
 * small until the first scrape.
 */
const requestType = 'loket:metrics-request';
const answerType = 'loket:metrics-answer';
const answerTimeoutMs = 10_000;

interface MetricsRequest {
  type: typeof requestType;
  id: number;
}

interface MetricsAnswer {
  type: typeof answerType;
  id: number;
  text?: string;
  error?: string;
}

const isRequest = (message: unknown): message is MetricsRequest =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === requestType;

const isAnswer = (message: unknown): message is MetricsAnswer =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === answerType;

/** In the supervisor: answers each worker's request with the metrics of every worker, aggregated. */
export function answerMetricsRequests(): void {
  let aggregator: Promise<{ clusterMetrics(): Promise<string> }> | undefined;
  cluster.on('message', (worker, message: unknown) => {
    if (!isRequest(message)) return;
    // A worker that died meanwhile waits for nothing: the callback takes the send's error, which
    // would otherwise be an unhandled 'error' event in the supervisor.
    const answer = (reply: MetricsAnswer) => {
      if (worker.isConnected()) worker.send(reply, () => undefined);
    };
    aggregator ??= import('prom-client').then(({ AggregatorRegistry }) => new AggregatorRegistry());
    aggregator
      .then((registry) => registry.clusterMetrics())
      .then(
        (text) => answer({ type: answerType, id: message.id, text }),
        (error: unknown) =>
          answer({ type: answerType, id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/** In a cluster worker: reports this registry to the supervisor, and reads every worker's metrics through it. */
export function metricsOfEveryWorker(registry: Registry): () => Promise<string> {
  const answering = import('prom-client').then(({ AggregatorRegistry }) => {
    AggregatorRegistry.setRegistries(registry);
    // Constructing one installs prom-client's listener that answers the supervisor's collection.
    return new AggregatorRegistry();
  });
  let next = 0;
  const waiting = new Map<number, (answer: MetricsAnswer) => void>();
  process.on('message', (message: unknown) => {
    if (isAnswer(message)) waiting.get(message.id)?.(message);
  });
  return async () => {
    await answering;
    return new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the supervisor gave no metrics within ${answerTimeoutMs / 1000} s`));
      }, answerTimeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.text !== undefined) resolve(answer.text);
        else reject(new Error(answer.error ?? 'the supervisor answered without metrics'));
      });
      process.send?.({ type: requestType, id } satisfies MetricsRequest, undefined, undefined, (error) => {
        if (!error) return;
        clearTimeout(timer);
        waiting.delete(id);
        reject(error);
      });
    });
  };
}
