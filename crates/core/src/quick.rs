//! The kinds of record the quick switcher (Ctrl+K) finds.

crate::choices! {
    /// What a hit is.
    pub enum QuickKind {
        Milestone = ("milestone", "Milestone"),
        Item = ("item", "Checklist item"),
        Note = ("note", "Note"),
        Competency = ("competency", "Competency"),
        Piece = ("piece", "Portfolio piece"),
        Contact = ("contact", "Contact"),
        Organisation = ("organisation", "Organisation"),
    }
}
