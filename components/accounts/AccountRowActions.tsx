"use client";
import Link from "next/link";
import { deleteAccountAction, duplicateAccountAction, setAccountEnabledAction } from "@/app/(console)/accounts/actions";
import { ActionForm } from "@/components/shell/ActionForm";
import { ActionsMenu, MENU_ITEM } from "@/components/shell/ActionsMenu";
import { ConfirmSubmit } from "@/components/shell/ConfirmSubmit";

/** What the last Test connection of the account said ("ok" or the failure), when it was ever tested. */
export type LastTestView = { ok: boolean; result: string } | null;

/**
 * Admin actions on one account: edit, duplicate, enable/disable, delete. Delete and disable ask first; enable asks
 * when the last Test connection failed.
 */
export function AccountRowActions({
  id,
  label,
  enabled,
  lastTest = null,
  menu = false,
}: {
  id: string;
  label: string;
  enabled: boolean;
  lastTest?: LastTestView;
  /** In a small "Actions" menu (the accounts table) instead of a row of buttons. */
  menu?: boolean;
}) {
  const toggleConfirm = enabled
    ? {
        title: "Disable account",
        message: `Disable “${label}”? Its binds close; deliveries through it wait until it is enabled again.`,
        confirmLabel: "Disable",
      }
    : lastTest && !lastTest.ok
      ? {
          title: "The last Test connection failed",
          message: (
            <>
              <p>
                The last Test connection of “{label}” failed: <span className="font-mono text-xs">{lastTest.result}</span>
              </p>
              <p className="mt-2">Enabled, the connector keeps trying to bind with these settings. Enable anyway?</p>
            </>
          ),
          confirmLabel: "Enable anyway",
        }
      : null;
  // In the accounts table the actions sit in a menu (a row of four buttons made the table wider than its card at
  // 1,024 px); on the account page, where there is room, they are buttons.
  const item = menu ? MENU_ITEM : "btn";
  const actions = (
    <>
      <Link href={`/accounts/${id}/edit`} className={item} aria-label={`Edit ${label}`}>
        Edit
      </Link>
      <ActionForm action={duplicateAccountAction}>
        <input type="hidden" name="id" value={id} />
        <button type="submit" className={item} aria-label={`Duplicate ${label}`}>
          Duplicate
        </button>
      </ActionForm>
      <ActionForm action={setAccountEnabledAction}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
        <ConfirmSubmit confirm={toggleConfirm} className={item} label={`${enabled ? "Disable" : "Enable"} ${label}`}>
          {enabled ? "Disable" : "Enable"}
        </ConfirmSubmit>
      </ActionForm>
      <ActionForm action={deleteAccountAction}>
        <input type="hidden" name="id" value={id} />
        <ConfirmSubmit
          confirm={{
            title: "Delete account",
            message: `Delete the SMS account “${label}”? Its binds close and this cannot be undone.`,
            confirmLabel: "Delete",
            danger: true,
          }}
          className={`${item} text-red-700`}
          label={`Delete ${label}`}
        >
          Delete
        </ConfirmSubmit>
      </ActionForm>
    </>
  );
  return menu ? <ActionsMenu label={label}>{actions}</ActionsMenu> : <div className="flex justify-end gap-1.5">{actions}</div>;
}
