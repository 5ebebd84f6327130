import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/SignInForm";
import { serverCaller } from "@/server/api/serverCaller";

export default async function SignInPage() {
  if (await (await serverCaller()).session.me()) redirect("/orders");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Loopline</h1>
        <p className="mb-6 mt-1 text-sm text-slate-500">Sign in to run your orders and fulfillment.</p>
        <Suspense>
          <SignInForm />
        </Suspense>
      </div>
    </main>
  );
}
