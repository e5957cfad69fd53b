// Types for scripts/dist.mjs, for the packaging tests.
export interface SigningPlan {
  readonly lines: string[];
  readonly config: string[];
  readonly env: Record<string, string>;
}
export function signingPlan(platform: string, env: Readonly<Record<string, string | undefined>>): SigningPlan;
export function builderArgs(platform: string, plan: SigningPlan): string[];
