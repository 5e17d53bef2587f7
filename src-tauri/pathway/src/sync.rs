pub fn sync_builtin() {}
pub fn sync_pack() {}
pub struct SyncReport;
