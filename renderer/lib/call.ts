// Turns a contract Result into a value or a thrown CallError, which react-query understands.
import type { CallInput, CallName, CallOutput } from '../../electron/shared/contract';
import type { ErrorCode } from '../../electron/shared/result';
import type { Transport } from './transport';

export class CallError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CallError';
    this.code = code;
  }
}

export async function callOrThrow<N extends CallName>(transport: Transport, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const result = await transport.call(name, input);
  if (!result.ok) throw new CallError(result.error.code, result.error.message);
  return result.data;
}
