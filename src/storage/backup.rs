//! Online backup and restore of the review database (`sverka backup`).
//!
//! A backup is SQLite's `VACUUM INTO`: one read transaction over the live database, so it is
//! safe while the server runs (writers go on; the copy is the state at the moment the read
//! began). The copy is written beside the target as `OUT.partial`, checked with
//! `PRAGMA integrity_check`, and only then renamed to `OUT`, so a crash never leaves a
//! half-written file under the final name.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError};

/// What a backup or restore copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// Accounts in the copy.
    pub users: i64,
    /// Documents in the copy.
    pub documents: i64,
    /// Entries of the change log in the copy (every vote, suggestion, approval …).
    pub events: i64,
    /// Size of the copy in bytes.
    pub bytes: u64,
}

fn open_existing(path: &Path, flags: OpenFlags) -> Result<Connection> {
    if !path.is_file() {
        return Err(StoreError::Invalid(format!(
            "no database at {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(conn)
}

/// `PRAGMA integrity_check` of an open database: `Ok` when SQLite answers `ok`.
pub(crate) fn integrity_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    if lines == ["ok"] {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "the integrity check failed: {}",
            lines.join("; ")
        )))
    }
}

/// Checks the database file at `path` and counts what it holds.
pub fn check_file(path: &Path) -> Result<BackupSummary> {
    let conn = open_existing(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    integrity_check(&conn)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 1 {
        return Err(StoreError::Invalid(format!(
            "{} is not a sverka database",
            path.display()
        )));
    }
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(BackupSummary {
        users: count("users")?,
        documents: count("documents")?,
        events: count("events")?,
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    })
}

fn partial(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".partial");
    PathBuf::from(p)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Copies the database at `db` (which may be in use) to the new file `out` with
/// `VACUUM INTO`, checks the copy and returns what it holds. Refuses to overwrite `out`.
///
/// # Example
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use sverka::storage::{Store, backup};
/// let dir = tempfile::tempdir()?;
/// let db = dir.path().join("live.db");
/// Store::open(&db)?;
/// let s = backup(&db, &dir.path().join("copy.db"))?;
/// assert_eq!(s.documents, 0);
/// # Ok(()) }
/// ```
pub fn backup(db: &Path, out: &Path) -> Result<BackupSummary> {
    if out.exists() {
        return Err(StoreError::Invalid(format!(
            "{} exists already; choose a new file",
            out.display()
        )));
    }
    let conn = open_existing(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let tmp = partial(out);
    let _ = std::fs::remove_file(&tmp);
    let target = tmp
        .to_str()
        .ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", tmp.display())))?;
    let result = conn
        .execute("VACUUM INTO ?1", [target])
        .map_err(StoreError::from)
        .and_then(|_| check_file(&tmp));
    match result {
        Ok(_) => {
            std::fs::rename(&tmp, out).map_err(|e| {
                StoreError::Invalid(format!("cannot rename {}: {e}", tmp.display()))
            })?;
            check_file(out)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Restores the backup `from` into `db`: checks the backup, keeps the current database (if
/// any, with its write-ahead log checkpointed into it) as `DB.pre-restore`, and puts a fresh
/// copy of the backup in its place. Run it with the server stopped.
pub fn restore(from: &Path, db: &Path) -> Result<BackupSummary> {
    check_file(from)?;
    let tmp = partial(db);
    let _ = std::fs::remove_file(&tmp);
    {
        let src = open_existing(from, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let target = tmp
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", tmp.display())))?;
        src.execute("VACUUM INTO ?1", [target])?;
    }
    if let Err(e) = check_file(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let io = |what: &str, p: &Path, e: std::io::Error| {
        StoreError::Invalid(format!("cannot {what} {}: {e}", p.display()))
    };
    if db.exists() {
        {
            let old = open_existing(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            old.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        let keep = sibling(db, ".pre-restore");
        std::fs::rename(db, &keep).map_err(|e| io("move", db, e))?;
    }
    for suffix in ["-wal", "-shm"] {
        let p = sibling(db, suffix);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| io("remove", &p, e))?;
        }
    }
    std::fs::rename(&tmp, db).map_err(|e| io("move", &tmp, e))?;
    check_file(db)
}
