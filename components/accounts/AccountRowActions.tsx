import Link from "next/link";
import { deleteAccountAction, duplicateAccountAction, setAccountEnabledAction } from "@/app/(console)/accounts/actions";
import { ConfirmSubmit } from "@/components/shell/ConfirmSubmit";

/** Admin actions on one account: edit, duplicate, enable/disable, delete (asks first). */
export function AccountRowActions({ id, label, enabled }: { id: string; label: string; enabled: boolean }) {
  return (
    <div className="flex justify-end gap-1.5">
      <Link href={`/accounts/${id}/edit`} className="btn" aria-label={`Edit ${label}`}>
        Edit
      </Link>
      <form action={duplicateAccountAction}>
        <input type="hidden" name="id" value={id} />
        <button type="submit" className="btn" aria-label={`Duplicate ${label}`}>
          Duplicate
        </button>
      </form>
      <form action={setAccountEnabledAction}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
        <button type="submit" className="btn" aria-label={`${enabled ? "Disable" : "Enable"} ${label}`}>
          {enabled ? "Disable" : "Enable"}
        </button>
      </form>
      <form action={deleteAccountAction}>
        <input type="hidden" name="id" value={id} />
        <ConfirmSubmit
          message={`Delete the SMS account “${label}”? Its binds close and this cannot be undone.`}
          className="btn text-red-700"
        >
          <span aria-label={`Delete ${label}`}>Delete</span>
        </ConfirmSubmit>
      </form>
    </div>
  );
}
