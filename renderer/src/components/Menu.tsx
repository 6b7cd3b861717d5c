/** A "⋯" menu: a button that opens a short list of actions; Esc, a click elsewhere or a choice closes it. */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useEscape } from './ui';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  testId?: string;
  danger?: boolean;
  disabled?: boolean;
}

export function Menu({
  label,
  items,
  testId,
  icon,
}: {
  /** The button's accessible name ("More actions for work"). */
  label: string;
  items: MenuItem[];
  testId?: string;
  icon: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  useEscape(() => {
    setOpen(false);
    button.current?.focus();
  }, open);
  useEffect(() => {
    if (!open) return undefined;
    list.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    list.current?.scrollIntoView({ block: 'nearest' });
    const onDown = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = (at + (event.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length;
    buttons[next]?.focus();
  };

  return (
    <div className="menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-list` : undefined}
        aria-label={label}
        title={label}
        data-testid={testId}
        onClick={() => setOpen((v) => !v)}
      >
        {icon}
      </button>
      {open ? (
        <div className="menu-list" role="menu" id={`${id}-list`} ref={list} onKeyDown={onKeyDown}>
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              className={`menu-item${item.danger ? ' danger-text' : ''}`}
              data-testid={item.testId}
              disabled={item.disabled}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
