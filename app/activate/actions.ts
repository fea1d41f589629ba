"use server";

import { consumeActivationToken, type ActivationResult } from "@/lib/activation";

export type ActivateState = { result?: ActivationResult };

export async function activateAccountAction(_prev: ActivateState, formData: FormData): Promise<ActivateState> {
  return { result: await consumeActivationToken(formData.get("token")) };
}
