/**
 * A full garbage collection between extraction and the cut. When the parse ends, most of the heap
 * is garbage (every file's syntax tree, the collectors' scratch data); V8 collects it only when
 * the old generation next fills up, and by then the graph and the clustering have grown the heap
 * on top of it: the run's peak RSS is that garbage plus the cut's working set. Collected first,
 * the cut reuses the freed pages (gauzy's packages/core: peak RSS about 10-15 % lower, for
 * ~0.1-0.2 s of collection that V8 would mostly have done later anyway).
 *
 * A shell concern: the engine only offers the moment (`PipelineInput.compactHeap`).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

export function compactHeap(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      // exposes `gc` to contexts created from now on; this process's own global stays as it was
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}
