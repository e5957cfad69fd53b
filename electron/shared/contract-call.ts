// How one contract call is declared: its zod input and output, who may make it, and whether it
// changes something. Every contract-<namespace>.ts declares its calls with `call()`.
import { z } from 'zod';

export const roles = ['operator', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who may make a call: `public` needs no sign-in (status, sign-in itself). */
export type Access = 'public' | readonly Role[];

export interface CallDef<I extends z.ZodType, O extends z.ZodType, A extends Access = Access> {
  /** 'action' calls change something and are written to the audit log (allowed or refused). */
  readonly effect: 'read' | 'action';
  readonly input: I;
  readonly output: O;
  /** Kept literal, so a handler's context knows whether a signed-in person is guaranteed. */
  readonly access: A;
  readonly summary: string;
}

export function call<I extends z.ZodType, O extends z.ZodType, const A extends Access>(def: CallDef<I, O, A>): CallDef<I, O, A> {
  return def;
}

/** Inputs are strict objects: an unknown key is a caller bug or a probe, never silently ignored. */
export const noInput = z.strictObject({});

export const signedIn = ['operator', 'supervisor', 'admin'] as const;
