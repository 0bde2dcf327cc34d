/**
 * A context menu of Actions (model.ts) at a screen position: arrow keys move, Enter runs,
 * Escape or a click elsewhere closes, focus returns to where it was.
 */
import { useEffect, useRef } from 'react';
import type { Action } from '../model.js';

export interface MenuRequest {
  title: string;
  actions: Action[];
  x: number;
  y: number;
}

export function ActionMenu(props: { menu: MenuRequest; onAction: (action: Action) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const { menu, onClose } = props;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const outside = (event: MouseEvent): void => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', outside);
    return () => {
      document.removeEventListener('mousedown', outside);
      previous?.focus?.();
    };
  }, [onClose]);
  const move = (step: number): void => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(at + step + items.length) % items.length]?.focus();
  };
  const left = Math.min(menu.x, window.innerWidth - 260);
  const top = Math.min(menu.y, window.innerHeight - 40 - menu.actions.length * 34);
  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={menu.title}
      style={{ left, top }}
      data-testid="action-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        } else if (event.key === 'ArrowDown') {
          event.preventDefault();
          move(1);
        } else if (event.key === 'ArrowUp') {
          event.preventDefault();
          move(-1);
        } else if (event.key === 'Tab') {
          onClose();
        }
      }}
    >
      <div className="menu-title" title={menu.title}>
        {menu.title}
      </div>
      {menu.actions.map((action) => (
        <button
          key={action.id}
          type="button"
          role="menuitem"
          className="menu-item"
          onClick={() => {
            onClose();
            props.onAction(action);
          }}
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}
