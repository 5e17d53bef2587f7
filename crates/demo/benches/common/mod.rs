//! What every benchmark file shares: one `cairn demo --scale large` database in a real file, built once per
//! process (the temporary folder lives as long as the process).

use cairn_demo::{fill, Scale};
use cairn_store::Store;
use jiff::Timestamp;
use std::sync::{LazyLock, Mutex};

pub static LARGE: LazyLock<Mutex<(tempfile::TempDir, Store)>> = LazyLock::new(|| {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let now = Timestamp::now();
    let mut store = cairn_store::Store::open_with_pathway(tmp.path(), now).expect("the store opens");
    fill(&mut store, Scale::Large, now).expect("the large demo data is written");
    Mutex::new((tmp, store))
});
