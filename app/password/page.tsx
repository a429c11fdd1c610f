import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { NewPasswordForm } from "./NewPasswordForm";

export const dynamic = "force-dynamic";
export const metadata = { title: "Choose a new password" };

export default async function PasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="card w-full max-w-sm p-6">
        <h1 className="mb-1 text-lg font-semibold">Choose a new password</h1>
        <p className="mb-5 text-sm text-slate-500">
          {user.mustChangePassword
            ? `An admin reset the password of ${user.email}: choose your own before going on.`
            : `New password for ${user.email}.`}
        </p>
        <NewPasswordForm />
      </div>
    </main>
  );
}
