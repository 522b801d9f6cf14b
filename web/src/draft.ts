// What was typed into the create form, kept in sessionStorage (this tab only)
// so that a session that ends mid-typing, or a reload, loses nothing. Only the
// name, the expiry choice, the canary box and the scopes ticked: never a token value.
import type { ApiTokenScope } from '@api-tokens/sdk';
import { SCOPE_ORDER } from './format.js';

const KEY = 'api-tokens.create-draft';

export interface Draft {
  name: string;
  expiry: string;
  canary?: boolean;
  scopes?: ApiTokenScope[];
}

export function loadDraft(): Draft | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Partial<Draft>;
    return typeof draft.name === 'string' && typeof draft.expiry === 'string'
      ? {
          name: draft.name,
          expiry: draft.expiry,
          canary: draft.canary === true,
          ...(Array.isArray(draft.scopes) ? { scopes: SCOPE_ORDER.filter((s) => draft.scopes?.includes(s)) } : {}),
        }
      : null;
  } catch {
    return null; // storage blocked or a damaged entry: start empty
  }
}

export function saveDraft(draft: Draft): void {
  try {
    if (draft.name === '' && draft.expiry === '0' && !draft.canary && draft.scopes === undefined)
      sessionStorage.removeItem(KEY);
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
