//! A record's id.
//!
//! Ids are global (the store's `ids` module says how they are made): no two devices give out the same one, so
//! records can travel between them. They are whole numbers below 2^53, which JavaScript's numbers hold exactly,
//! so the window sees them as plain `number`s.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The largest id: JavaScript's largest exact whole number (`Number.MAX_SAFE_INTEGER`).
pub const MAX_ID: i64 = (1 << 53) - 1;

/// The id of a note, checklist item, session, contact or any other record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub i64);

impl specta::Type for Id {
    // specta refuses 64-bit integers for TypeScript, since most of their range does not fit a JavaScript
    // number; every id fits (below 2^53), so the window's type is `number`, as a 32-bit integer's is.
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        <u32 as specta::Type>::definition(types)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Id {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse().map(Id)
    }
}

#[cfg(feature = "sql")]
impl rusqlite::ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

#[cfg(feature = "sql")]
impl rusqlite::types::FromSql for Id {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        i64::column_result(value).map(Id)
    }
}

impl From<Id> for i64 {
    fn from(id: Id) -> i64 {
        id.0
    }
}
