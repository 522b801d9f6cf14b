// What was typed into the create form, kept in sessionStorage (this tab only)
// so that a session that ends mid-typing, or a reload, loses nothing. Only the
// name, the expiry choice and the canary box: never a token value.
const KEY = 'api-tokens.create-draft';

export interface Draft {
  name: string;
  expiry: string;
  canary?: boolean;
}

export function loadDraft(): Draft | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Partial<Draft>;
    return typeof draft.name === 'string' && typeof draft.expiry === 'string'
      ? { name: draft.name, expiry: draft.expiry, canary: draft.canary === true }
      : null;
  } catch {
    return null; // storage blocked or a damaged entry: start empty
  }
}

export function saveDraft(draft: Draft): void {
  try {
    if (draft.name === '' && draft.expiry === '0' && !draft.canary) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // Storage blocked (private mode, quota): the form still works, it just is not kept.
  }
}

export function clearDraft(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept, nothing to clear
  }
}
