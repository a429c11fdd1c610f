"use client";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

const ITEMS = "a[href], button:not([disabled])";

/** The panel's links and buttons, those of a confirmation dialog left out. */
const itemsOf = (panel: HTMLElement | null): HTMLElement[] =>
  [...(panel?.querySelectorAll<HTMLElement>(ITEMS) ?? [])].filter((el) => !el.closest("dialog"));

/**
 * A small "Actions ▾" button that shows a row's actions in a panel below it, where a table has no room for a row of
 * buttons. A disclosure (WAI-ARIA's pattern: the button says whether the panel is expanded) rather than role="menu":
 * its items are forms, whose refusal ("This needs the admin role") is shown in the panel, which therefore stays open
 * after an item is used. Opening focuses the first item, ↑ ↓ move between items, Escape closes and gives the focus
 * back to the button, a click outside or tabbing out closes. A confirmation dialog opened from an item (ConfirmDialog,
 * rendered inside the panel) keeps the panel open and handles its own Escape.
 */
export function ActionsMenu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    itemsOf(panel.current)[0]?.focus();
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Keys inside a confirmation dialog belong to it (its Escape cancels the dialog, not the menu).
    if (!open || (e.target as Element).closest("dialog")) return;
    if (e.key === "Escape") {
      e.preventDefault();
      setOpen(false);
      toggle.current?.focus();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const list = itemsOf(panel.current);
      if (list.length === 0) return;
      e.preventDefault();
      const at = list.indexOf(document.activeElement as HTMLElement);
      const next = e.key === "ArrowDown" ? (at + 1) % list.length : (at - 1 + list.length) % list.length;
      list[at === -1 ? 0 : next].focus();
    }
  };

  return (
    <div
      ref={root}
      className="relative inline-block text-left"
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        // Tabbing out closes; focus going nowhere (a dialog closing, a re-render) does not.
        if (e.relatedTarget && !root.current?.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="btn"
        aria-label={`Actions for ${label}`}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        Actions <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div
          ref={panel}
          id={panelId}
          role="group"
          aria-label={`Actions for ${label}`}
          className="absolute right-0 z-20 mt-1 w-48 rounded-md border border-slate-200 bg-white p-1 text-slate-700 shadow-lg"
          data-testid="actions-menu"
        >
          {children}
        </div>
      ) : null}
    </div>
  );
}

/** The look of one item of an ActionsMenu (a link or a button, full width; the panel gives the text colour). */
export const MENU_ITEM = "block w-full rounded px-3 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100";
