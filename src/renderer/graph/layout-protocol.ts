/** Messages to and from layout-worker.ts. */
export interface LayoutRequest {
  nodes: { id: string; x: number; y: number; size: number }[];
  /** source, target, weight */
  edges: [string, string, number][];
  iterations: number;
}

export interface LayoutResponse {
  /** id, x, y */
  positions: [string, number, number][];
}

/** Run the refinement in a worker; resolves with the new positions. */
export function refineLayout(request: LayoutRequest): { result: Promise<Map<string, { x: number; y: number }>>; cancel: () => void } {
  const worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
  const result = new Promise<Map<string, { x: number; y: number }>>((resolve, reject) => {
    worker.onmessage = (message: MessageEvent<LayoutResponse>) => {
      worker.terminate();
      resolve(new Map(message.data.positions.map(([id, x, y]) => [id, { x, y }])));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`layout: ${event.message || 'the layout worker failed'}`));
    };
  });
  worker.postMessage(request);
  return { result, cancel: () => worker.terminate() };
}
