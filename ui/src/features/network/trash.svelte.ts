// The contact most recently removed, so the overview can offer to undo it after the editor closed.
import type { Contact } from "../../lib/bindings";
import { LastRemoved } from "../../lib/actions.svelte";

export const removedContact = new LastRemoved<Contact>();
