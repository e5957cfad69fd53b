// A button for an action whose core call does not exist yet. It stays focusable (aria-disabled,
// not disabled) so keyboard and screen-reader users can find it and hear why it does nothing;
// it never pretends to act.
import { useId, type ReactNode } from 'react';

export interface ActionButtonProps {
  readonly testId: string;
  readonly children: ReactNode;
  /** Null when the action can run; otherwise why not (shown as tooltip and description). */
  readonly unavailable: string | null;
  readonly onClick: () => void;
  readonly variant?: 'danger' | 'primary' | 'default';
  readonly ariaKeyShortcuts?: string;
}

export function ActionButton({ testId, children, unavailable, onClick, variant = 'default', ariaKeyShortcuts }: ActionButtonProps) {
  const reasonId = useId();
  return (
    <>
      <button
        type="button"
        className={`button button--${variant}`}
        data-testid={testId}
        aria-disabled={unavailable ? true : undefined}
        aria-describedby={unavailable ? reasonId : undefined}
        aria-keyshortcuts={ariaKeyShortcuts}
        title={unavailable ?? undefined}
        onClick={() => {
          if (!unavailable) onClick();
        }}
      >
        {children}
      </button>
      {unavailable ? (
        <span id={reasonId} className="visually-hidden">
          {unavailable}
        </span>
      ) : null}
    </>
  );
}
