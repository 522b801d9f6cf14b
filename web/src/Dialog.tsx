// A modal dialog on the native <dialog> element: the browser traps focus and
// closes it on Escape. Focus moves into it on open and back to whatever opened
// it on close (or to `returnFocus` when that element is gone). With `onEscape`,
// Escape asks the owner instead of closing (e.g. "discard the new token?").
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  /** Where focus goes after closing when the opener no longer exists. */
  returnFocus?: () => HTMLElement | null;
  children: ReactNode;
  className?: string;
  /** When set, Escape calls this and the dialog stays open. */
  onEscape?: () => void;
}

export function Dialog({ open, title, onClose, returnFocus, children, className, onEscape }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const handlers = useRef({ onClose, returnFocus, onEscape });
  handlers.current = { onClose, returnFocus, onEscape };
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const closed = () => {
      handlers.current.onClose();
      const target = opener.current?.isConnected ? opener.current : handlers.current.returnFocus?.();
      // After React has removed whatever the close changed.
      setTimeout(() => (target?.isConnected ? target : handlers.current.returnFocus?.())?.focus(), 0);
    };
    // Escape is taken at keydown: a cancelled keydown sends no close request, whereas
    // Chromium closes anyway on a second Escape whose `cancel` event was cancelled.
    const keydown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !handlers.current.onEscape) return;
      event.preventDefault();
      handlers.current.onEscape();
    };
    const cancel = (event: Event) => {
      if (handlers.current.onEscape) event.preventDefault();
    };
    dialog.addEventListener('close', closed);
    dialog.addEventListener('keydown', keydown);
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('close', closed);
      dialog.removeEventListener('keydown', keydown);
      dialog.removeEventListener('cancel', cancel);
    };
  }, []);

  return (
    <dialog ref={ref} aria-labelledby={titleId} className={`dialog ${className ?? ''}`}>
      {open && (
        <>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
