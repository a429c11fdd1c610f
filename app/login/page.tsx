import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await getCurrentUser()) redirect("/accounts");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="card w-full max-w-sm p-6">
        <h1 className="mb-1 text-lg font-semibold">SMS routing console</h1>
        <p className="mb-5 text-sm text-slate-500">Sign in to manage SMPP routing accounts.</p>
        <SignInForm />
      </div>
    </main>
  );
}
