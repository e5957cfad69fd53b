// Messages that answer an action: an error says what went wrong and what to do (role="alert" so it
// is read out at once); a status note is polite.
import type { ReactNode } from 'react';

export function ErrorNotice({ children, testId }: { readonly children: ReactNode; readonly testId?: string }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <p className="notice notice--error" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}

export function StatusNotice({ children, testId }: { readonly children: ReactNode; readonly testId?: string }) {
  return (
    <p className="notice" role="status" data-testid={testId}>
      {children}
    </p>
  );
}
