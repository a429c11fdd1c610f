import Link from "next/link";
import { Breadcrumb } from "@/components/accounts/Breadcrumb";
import { AccountForm } from "@/components/accounts/form/AccountForm";
import { presetFormValues } from "@/components/accounts/form/form-values";
import { PRESET_NAMES, PRESETS, type PresetName } from "@/lib/accounts/presets";
import { requirePageUser } from "@/lib/auth/current-user";

export const metadata = { title: "New SMS account" };

export default async function NewAccountPage({ searchParams }: { searchParams: Promise<{ preset?: string }> }) {
  await requirePageUser("admin");
  const { preset: asked } = await searchParams;
  const preset: PresetName = (PRESET_NAMES as readonly string[]).includes(asked ?? "") ? (asked as PresetName) : "generic";
  return (
    <div className="max-w-5xl">
      <Breadcrumb current={[{ label: "New" }]} />
      <h1 className="mb-4 text-xl font-semibold">New SMS routing account</h1>
      <div className="card mb-5 flex flex-wrap items-center gap-3 p-4" role="group" aria-label="Preset">
        <span className="text-sm font-medium text-slate-700">Start from preset:</span>
        {PRESET_NAMES.map((name) => (
          <Link
            key={name}
            href={`/accounts/new?preset=${name}`}
            aria-current={name === preset ? "true" : undefined}
            className={name === preset ? "btn-primary" : "btn"}
            data-testid={`preset-${name}`}
          >
            {PRESETS[name].title}
          </Link>
        ))}
        <span className="text-xs text-slate-500">Choosing a preset resets the form to its defaults.</span>
      </div>
      <AccountForm key={preset} accountId={null} defaultValues={presetFormValues(preset)} cancelHref="/accounts" />
    </div>
  );
}
