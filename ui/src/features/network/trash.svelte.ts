// The contact most recently removed, so the overview can offer to undo it after the editor closed.
import type { Contact } from "../../lib/bindings";

export const removedContact: { contact: Contact | null } = $state({ contact: null });
