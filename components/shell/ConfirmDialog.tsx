"use client";
import { useCallback, useEffect, useRef, useState } from "react";

export interface ConfirmOptions {
  title: string;
  message: React.ReactNode;
  /** The confirming button's text ("Delete", "Enable anyway"). */
  confirmLabel: string;
  /** The other button's text (Escape does the same), "Cancel" by default. */
  cancelLabel?: string;
  /** Red confirming button for what cannot be undone. */
  danger?: boolean;
}

type Pending = ConfirmOptions & { resolve: (ok: boolean) => void };

/**
 * A styled, modal confirmation (native <dialog>: focus is trapped, Escape cancels) instead of window.confirm.
 * `const [confirm, dialog] = useConfirm()`; render `dialog`; `if (await confirm({...})) …`.
 */
export function useConfirm(): [(options: ConfirmOptions) => Promise<boolean>, React.ReactNode] {
  const [pending, setPending] = useState<Pending | null>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        setPending({ ...options, resolve });
      }),
    [],
  );
  const settle = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  return [confirm, pending ? <ConfirmDialog options={pending} onSettle={settle} /> : null];
}

function ConfirmDialog({ options, onSettle }: { options: ConfirmOptions; onSettle: (ok: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      onCancel={(e) => {
        e.preventDefault();
        onSettle(false);
      }}
    >
      <div className="p-5">
        <h2 id="confirm-title" className="mb-2 text-base font-semibold">
          {options.title}
        </h2>
        <div className="text-sm text-slate-700">{options.message}</div>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button type="button" className="btn" onClick={() => onSettle(false)} autoFocus>
          {options.cancelLabel ?? "Cancel"}
        </button>
        <button type="button" className={options.danger ? "btn-danger" : "btn-primary"} onClick={() => onSettle(true)}>
          {options.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
