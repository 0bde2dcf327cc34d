/**
 * Keyboard shortcuts: Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo, `/` search, Escape clears the
 * focus. Text fields keep their own Ctrl+Z; open dialogs keep every key.
 */
import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  undo(): void;
  redo(): void;
  search(): void;
  escape(): void;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && !event.altKey && (key === 'z' || key === 'y')) {
        if (typingIn(event.target)) return;
        event.preventDefault();
        if (key === 'y' || event.shiftKey) current.current.redo();
        else current.current.undo();
      } else if (key === '/' && !mod && !typingIn(event.target)) {
        event.preventDefault();
        current.current.search();
      } else if (key === 'escape' && !typingIn(event.target)) {
        current.current.escape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
