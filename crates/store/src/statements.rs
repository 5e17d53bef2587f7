//! For benchmarks only (feature `trace`): the statements a store method runs, recorded with their parameters
//! filled in, and those same statements run directly. The difference between a method and its replay is what
//! Cairn adds to SQLite (building rows into types, several round trips, JSON): the floor a command is held to.

use crate::error::StoreResult;
use crate::Store;
use cairn_core::Result;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::sync::{Arc, Mutex};

impl Store {
    /// Runs `f` and returns what it gave with every statement it ran, in order, its parameters written in.
    pub fn record_statements<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<(T, Vec<String>)> {
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = Arc::clone(&seen);
        let trace = move |event: TraceEvent<'_>| {
            // A trigger's body reports itself as `-- TRIGGER name`: it runs again when its statement does.
            if let TraceEvent::Stmt(statement, sql) = event {
                if !sql.starts_with("--") {
                    let text = statement.expanded_sql().unwrap_or_else(|| sql.to_owned());
                    sink.lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push(text);
                }
            }
        };
        let path = self.database_path.clone();
        self.conn
            .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(trace))
            .map_err(|e| crate::error::sql_error(&path, e))?;
        let result = f(self);
        self.conn
            .trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)
            .map_err(|e| crate::error::sql_error(&path, e))?;
        let statements = std::mem::take(&mut *seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        Ok((result?, statements))
    }

    /// Runs `statements` directly, stepping through every row and reading every column, building nothing:
    /// SQLite's own time for them.
    pub fn replay_statements(&self, statements: &[String]) -> Result<u64> {
        self.read(|conn| {
            let mut cells = 0u64;
            for sql in statements {
                let mut statement = conn.prepare_cached(sql)?;
                let columns = statement.column_count();
                let mut rows = statement.raw_query();
                while let Some(row) = rows.next()? {
                    for column in 0..columns {
                        let _ = row.get_ref(column)?;
                        cells += 1;
                    }
                }
            }
            StoreResult::Ok(cells)
        })
    }
}
