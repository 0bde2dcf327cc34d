/** Drag and drop of modules between views: one data type, carrying the module path. */
import type { DragEvent } from 'react';

export const MODULE_MIME = 'application/x-seam-module';

export function startModuleDrag(event: DragEvent, module: string): void {
  event.dataTransfer.setData(MODULE_MIME, module);
  event.dataTransfer.setData('text/plain', module);
  event.dataTransfer.effectAllowed = 'move';
}

export function carriesModule(event: DragEvent | globalThis.DragEvent): boolean {
  return event.dataTransfer?.types.includes(MODULE_MIME) ?? false;
}

export function droppedModule(event: DragEvent | globalThis.DragEvent): string | null {
  const module = event.dataTransfer?.getData(MODULE_MIME);
  return module ? module : null;
}
