// The frame of the screens shown before the control room itself: first run, sign-in, lock.
import type { ReactNode } from 'react';

export { focusFirstInvalid } from '../../../lib/checked-form';

export function AuthLayout({ title, children, testId }: { readonly title: string; readonly children: ReactNode; readonly testId: string }) {
  return (
    <main className="auth-screen" data-testid={testId}>
      <section className="auth-card" aria-labelledby={`${testId}-title`}>
        <p className="auth-card__brand">Control Room</p>
        <h1 id={`${testId}-title`} className="auth-card__title">
          {title}
        </h1>
        {children}
      </section>
    </main>
  );
}
