import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/accounts/Breadcrumb";
import { AccountForm } from "@/components/accounts/form/AccountForm";
import { storedFormValues } from "@/components/accounts/form/form-values";
import { lastTests, lastTestView } from "@/lib/account-tests/last-test";
import { getAccount } from "@/lib/accounts/repository";
import { requirePageUser } from "@/lib/auth/current-user";

export const metadata = { title: "Edit SMS account" };

export default async function EditAccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("admin");
  const { id } = await params;
  const freshCopy = (await searchParams).copy === "1";
  const account = await getAccount(id);
  if (!account) notFound();
  return (
    <div className="max-w-5xl">
      <Breadcrumb current={[{ label: account.label, href: `/accounts/${id}` }, { label: "Edit" }]} />
      <h1 className="mb-4 text-xl font-semibold">Edit “{account.label}”</h1>
      <AccountForm
        accountId={id}
        defaultValues={storedFormValues(account)}
        passwordSet={account.passwordSet}
        receiverPasswordSet={account.receiverPasswordSet}
        cancelHref={`/accounts/${id}`}
        lastTest={lastTestView((await lastTests([id])).get(id))}
        freshCopy={freshCopy}
      />
    </div>
  );
}
