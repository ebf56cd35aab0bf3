//! The one SQL interface the store's modules write against, over both backends: a
//! connection ([`Conn`]) that runs a statement with [`Value`] arguments and hands back
//! [`Row`]s of values, whichever database it is.
//!
//! Statements are written once, in the SQLite dialect the store always used (`?N`
//! placeholders, `INSERT OR IGNORE`, integers for booleans and times); [`pg_sql`] turns
//! one into PostgreSQL's (`$N`, `ON CONFLICT DO NOTHING`) once per distinct statement.
//! New rows' ids come from [`Conn::insert_id`] (`last_insert_rowid` there, `RETURNING id`
//! here). Values are integers, text or NULL on both sides: PostgreSQL columns are
//! `BIGINT`/`TEXT`, and a value is converted to the type PostgreSQL inferred for its
//! placeholder (an integer for a `boolean` placeholder, say). What PostgreSQL cannot infer
//! is cast in the statement, in SQL both read: a placeholder alone in a select list, or
//! tested with `IS NULL` before its other use (`CAST(?1 AS BIGINT) IS NULL OR …`).
//! Calls `super::postgres` for the PostgreSQL side.

use std::sync::MutexGuard;

use super::postgres::PgConn;
use super::{Result, StoreError};

/// A statement argument or a column value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Clone + Into<Value>> From<&Option<T>> for Value {
    fn from(v: &Option<T>) -> Value {
        v.clone().map_or(Value::Null, Into::into)
    }
}

/// Statement arguments: `args![a, b]` is `&[Value::from(a), Value::from(b)]`.
macro_rules! args {
    () => { &[] as &[$crate::store::db::Value] };
    ($($v:expr),+ $(,)?) => { &[$($crate::store::db::Value::from($v)),+][..] };
}
pub(crate) use args;

/// A type a column value can be read as.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<i64> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(v: &Value) -> Option<bool> {
        i64::from_value(v).map(|i| i != 0)
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> Option<String> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Option<T>> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Debug)]
pub struct Row(pub(super) Vec<Value>);

impl Row {
    /// Column `i` as a `T`; an error naming the column when it holds something else.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self.0.get(i).unwrap_or(&Value::Null);
        T::from_value(v).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "column {i} holds {v:?}, not a {}",
                std::any::type_name::<T>()
            ))
        })
    }
}

/// A connection taken for one store call (or one transaction): SQLite's single
/// connection under its lock, or one from the PostgreSQL pool.
pub enum Conn<'a> {
    Sqlite(MutexGuard<'a, rusqlite::Connection>),
    Postgres(PgConn),
}

impl Conn<'_> {
    /// Run a statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, args: &[Value]) -> Result<usize> {
        match self {
            Conn::Sqlite(c) => c
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(args))
                .map_err(sqlite_error),
            Conn::Postgres(c) => c.execute(sql, args),
        }
    }

    /// Run an `INSERT` into a table with an `id` key; the new row's id.
    pub fn insert_id(&self, sql: &str, args: &[Value]) -> Result<i64> {
        match self {
            Conn::Sqlite(c) => {
                c.prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(args))
                    .map_err(sqlite_error)?;
                Ok(c.last_insert_rowid())
            }
            Conn::Postgres(c) => c.insert_id(sql, args),
        }
    }

    /// Every row the query returns, as read from either backend.
    fn rows(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        match self {
            Conn::Sqlite(c) => sqlite_rows(c, sql, args),
            Conn::Postgres(c) => c.query(sql, args),
        }
    }

    /// Every row the query returns, each read by `read`.
    pub fn query_all<T>(
        &self,
        sql: &str,
        args: &[Value],
        read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.rows(sql, args)?.iter().map(read).collect()
    }

    /// The first row the query returns, if any, read by `read`.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        args: &[Value],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        self.rows(sql, args)?.first().map(read).transpose()
    }

    /// The first row of a query that always returns one (an aggregate, a row just written).
    pub fn query_one<T>(
        &self,
        sql: &str,
        args: &[Value],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, args, read)?
            .ok_or_else(|| StoreError::Corrupt(format!("no row from: {sql}")))
    }

    /// Start a transaction that writes: on SQLite `BEGIN IMMEDIATE`, so it takes the write
    /// lock now and another process waits for it (busy timeout) instead of failing when
    /// its read would have to become a write; on PostgreSQL a plain `BEGIN`.
    pub fn begin(&self) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch("BEGIN IMMEDIATE")?),
            Conn::Postgres(c) => c.batch("BEGIN"),
        }
    }

    /// Whether this is PostgreSQL, for the few statements only it has (row locks that
    /// skip locked rows, advisory locks); SQLite serialises writers instead.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Conn::Postgres(_))
    }

    /// Run statements without arguments (transaction control, migrations).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => c.batch(sql),
        }
    }

    /// The SQLite connection, for the checks only SQLite has (pragmas).
    #[cfg(test)]
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }
}

/// A SQLite error, with a unique or primary-key violation as [`StoreError::Conflict`] (the
/// row is there already, as PostgreSQL's 23505 says).
fn sqlite_error(e: rusqlite::Error) -> StoreError {
    use rusqlite::ffi::{SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE};
    match &e {
        rusqlite::Error::SqliteFailure(f, msg)
            if matches!(
                f.extended_code,
                SQLITE_CONSTRAINT_UNIQUE | SQLITE_CONSTRAINT_PRIMARYKEY
            ) =>
        {
            StoreError::Conflict(msg.clone().unwrap_or_else(|| e.to_string()))
        }
        _ => StoreError::Sql(e),
    }
}

fn sqlite_rows(conn: &rusqlite::Connection, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
    use rusqlite::types::ValueRef;
    let mut stmt = conn.prepare_cached(sql)?;
    let width = stmt.column_count();
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(v) => Value::Int(v),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                other => {
                    return Err(StoreError::Corrupt(format!(
                        "column {i} of {sql:?} holds a {:?}",
                        other.data_type()
                    )))
                }
            });
        }
        out.push(Row(values));
    }
    Ok(out)
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

/// A statement of the store's dialect in PostgreSQL's: `?N` → `$N` (outside quotes),
/// `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING`.
pub fn pg_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 24);
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            c => out.push(c),
        }
    }
    const IGNORE: &str = "INSERT OR IGNORE INTO";
    if let Some(rest) = out.trim_start().strip_prefix(IGNORE) {
        out = format!("INSERT INTO{} ON CONFLICT DO NOTHING", rest.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pg_sql;

    #[test]
    fn statements_are_translated_to_postgres_once_for_all() {
        assert_eq!(
            pg_sql("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $12"
        );
        assert_eq!(
            pg_sql("INSERT OR IGNORE INTO t (a) VALUES (?1)\n"),
            "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING"
        );
    }
}
