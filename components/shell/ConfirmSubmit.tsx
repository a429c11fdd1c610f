"use client";
import { useConfirm, type ConfirmOptions } from "./ConfirmDialog";

/**
 * A submit button that asks first in a styled dialog (deletes, revokes, disables); the form is submitted only when
 * the admin confirms. Without `confirm` it is a plain submit button.
 */
export function ConfirmSubmit({
  confirm: options,
  children,
  className = "btn",
  label,
}: {
  confirm: ConfirmOptions | null;
  children: React.ReactNode;
  className?: string;
  /** The button's accessible name when its text is not enough ("Delete Local simulator"). */
  label?: string;
}) {
  const [confirm, dialog] = useConfirm();
  return (
    <>
      <button
        type="submit"
        className={className}
        aria-label={label}
        onClick={(e) => {
          if (!options) return;
          e.preventDefault();
          const button = e.currentTarget;
          void confirm(options).then((ok) => {
            // requestSubmit fires no click, so this handler does not ask again.
            if (ok) button.form?.requestSubmit(button);
          });
        }}
      >
        {children}
      </button>
      {dialog}
    </>
  );
}
