"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormProvider, useForm, type FieldPath } from "react-hook-form";
import { deleteAccountAction, saveAccountAction } from "@/app/(console)/accounts/actions";
import type { LastTestView } from "@/components/accounts/AccountRowActions";
import { TestConnectionPanel } from "@/components/accounts/tests/TestConnectionPanel";
import { useLeaveGuard } from "@/components/shell/use-leave-guard";
import { useConfirm } from "@/components/shell/ConfirmDialog";
import { routingAccountSchema, type RoutingAccount } from "@/lib/accounts/schema";
import { AutoRepliesSection } from "./AutoRepliesSection";
import { ChannelSection } from "./ChannelSection";
import { ConnectionSection } from "./ConnectionSection";
import { ErrorTableSection } from "./ErrorTableSection";
import type { AccountFormValues } from "./form-values";
import { HeaderSection } from "./HeaderSection";
import { SmscSection } from "./SmscSection";
import { ThroughputSection } from "./ThroughputSection";

/**
 * The routing account form (new and edit), validated as the admin types with the very schema the server action
 * applies again; server field errors land on the same fields.
 */
export function AccountForm({
  accountId,
  defaultValues,
  passwordSet = false,
  receiverPasswordSet = false,
  cancelHref,
  lastTest = null,
  freshCopy = false,
}: {
  accountId: string | null;
  defaultValues: AccountFormValues;
  passwordSet?: boolean;
  receiverPasswordSet?: boolean;
  cancelHref: string;
  /** The account's last Test connection: enabling it after a failed one asks first. */
  lastTest?: LastTestView;
  /** Opened right after Duplicate: the copy is already saved, so Cancel asks whether to keep it. */
  freshCopy?: boolean;
}) {
  const router = useRouter();
  const [confirm, confirmDialog] = useConfirm();
  const [formError, setFormError] = useState<string | null>(null);
  const methods = useForm<AccountFormValues, unknown, RoutingAccount>({
    resolver: zodResolver(routingAccountSchema),
    defaultValues,
    mode: "onChange",
  });
  const {
    handleSubmit,
    setError,
    trigger,
    getValues,
    formState: { isSubmitting, isDirty },
  } = methods;
  // Saved (the page moves on to the account) or untouched: nothing to lose.
  const [saved, setSaved] = useState(false);
  const leaveDialog = useLeaveGuard(isDirty && !saved);

  /** Cancel on a copy Duplicate has just saved: keep it (to finish later) or delete it. */
  const cancelFreshCopy = async (id: string) => {
    const discard = await confirm({
      title: "Keep this copy?",
      message: (
        <>
          Duplicate saved “{getValues("label")}” as a new account, disabled.{" "}
          {isDirty ? "Your changes on this form are not saved. " : ""}Delete the copy, or keep it and finish it later?
        </>
      ),
      confirmLabel: "Delete the copy",
      cancelLabel: "Keep the copy",
      danger: true,
    });
    setSaved(true);
    if (!discard) {
      router.push(cancelHref);
      return;
    }
    const form = new FormData();
    form.set("id", id);
    const refused = await deleteAccountAction(null, form);
    if (refused) {
      setSaved(false);
      setFormError(refused.message ?? "The copy could not be deleted");
    }
  };

  const onValid = async (values: RoutingAccount) => {
    setFormError(null);
    if (values.enabled && !defaultValues.enabled && lastTest && !lastTest.ok) {
      const ok = await confirm({
        title: "The last Test connection failed",
        message: `It said: ${lastTest.result}. Enabled, the connector keeps trying to bind with these settings. Save enabled anyway?`,
        confirmLabel: "Save enabled",
      });
      if (!ok) return;
    }
    const r = await saveAccountAction(accountId, values);
    if (r.ok) {
      setSaved(true);
      router.push(`/accounts/${r.id}`);
      router.refresh();
      return;
    }
    const unplaced: string[] = [];
    for (const [path, message] of Object.entries(r.fields ?? {})) {
      if (path === "_") unplaced.push(message);
      else setError(path as FieldPath<AccountFormValues>, { type: "server", message }, { shouldFocus: unplaced.length === 0 });
    }
    setFormError([r.message, ...unplaced].join(" — "));
  };

  return (
    <FormProvider {...methods}>
      <form
        noValidate
        aria-label="Routing account"
        className="space-y-5"
        onSubmit={handleSubmit(onValid, () => setFormError("Some fields are not valid: see the messages next to them."))}
      >
        <HeaderSection deriveName={accountId === null} />
        <ConnectionSection passwordSet={passwordSet} receiverPasswordSet={receiverPasswordSet} />
        <ChannelSection />
        <ThroughputSection />
        <SmscSection />
        <ErrorTableSection />
        <AutoRepliesSection />
        <TestConnectionPanel
          accountId={accountId}
          unsavedSettings={async () => ((await trigger()) ? routingAccountSchema.parse(getValues()) : null)}
        />
        <div className="flex items-center gap-3 border-t border-slate-200 py-3">
          <button type="submit" className="btn-primary" disabled={isSubmitting}>
            {isSubmitting ? "Saving…" : "Save"}
          </button>
          {freshCopy && accountId ? (
            <button type="button" className="btn" onClick={() => void cancelFreshCopy(accountId)}>
              Cancel
            </button>
          ) : (
            <Link href={cancelHref} className="btn">
              Cancel
            </Link>
          )}
          {formError ? (
            <p role="alert" className="text-sm text-red-600" data-testid="form-error">
              {formError}
            </p>
          ) : null}
        </div>
      </form>
      {confirmDialog}
      {leaveDialog}
    </FormProvider>
  );
}
