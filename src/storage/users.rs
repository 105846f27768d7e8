//! Accounts and sign-in sessions.

use rusqlite::{OptionalExtension, params};

use super::events::Entry;
use super::{Result, SESSION_TTL_SECS, Store, StoreError, session_key};
use crate::review::model::{Action, Credentials, Role, Session, Target, User, UserId};

impl Store {
    // ----- users -----

    /// Creates a user with an already hashed password. Fails with [`StoreError::Conflict`]
    /// when the name is taken and [`StoreError::Invalid`] when it is not a valid name
    /// (1–40 letters, digits, `.`, `_`, `-`).
    pub fn create_user(&mut self, name: &str, password_hash: &str, role: Role) -> Result<UserId> {
        validate_user_name(name)?;
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::Conflict(format!(
                    "the name “{name}” is already taken"
                )));
            }
            tx.execute(
                "INSERT INTO users (name, password_hash, role) VALUES (?1, ?2, ?3)",
                params![name, password_hash, role.as_str()],
            )?;
            let id = tx.last_insert_rowid();
            Entry::new(Action::UserAdd, None)
                .target(Target::User(id))
                .after(serde_json::json!({"name": name, "role": role.as_str()}).to_string())
                .append(tx)?;
            Ok(id)
        })
    }

    /// The number of users.
    pub fn user_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?)
    }

    /// A user and their password hash, by name (ignoring ASCII case).
    pub fn credentials(&self, name: &str) -> Result<Option<Credentials>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, role, active, created_at, password_hash FROM users WHERE name = ?1",
                [name],
                |r| {
                    Ok(Credentials {
                        user: user_row(r)?,
                        password_hash: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// A user by id.
    pub fn user(&self, id: UserId) -> Result<Option<User>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, role, active, created_at FROM users WHERE id = ?1",
                [id],
                user_row,
            )
            .optional()?)
    }

    /// All users, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name, role, active, created_at FROM users ORDER BY name")?;
        let rows = st.query_map([], user_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets a user's role and whether they may sign in. Refuses to leave no active admin.
    /// Deactivating a user ends their sessions.
    pub fn set_user(&mut self, actor: UserId, id: UserId, role: Role, active: bool) -> Result<()> {
        self.write(|tx| {
            let before = tx
                .query_row(
                    "SELECT id, name, role, active, created_at FROM users WHERE id = ?1",
                    [id],
                    user_row,
                )
                .optional()?
                .ok_or(StoreError::NotFound("user"))?;
            tx.execute(
                "UPDATE users SET role = ?2, active = ?3 WHERE id = ?1",
                params![id, role.as_str(), active],
            )?;
            let admins: i64 = tx.query_row(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1",
                [],
                |r| r.get(0),
            )?;
            if admins == 0 {
                return Err(StoreError::Invalid(
                    "this would leave no active admin; nothing was changed".into(),
                ));
            }
            if !active {
                tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            }
            let snap = |role: Role, active: bool| {
                serde_json::json!({"role": role.as_str(), "active": active}).to_string()
            };
            Entry::new(Action::UserSet, Some(actor))
                .target(Target::User(id))
                .before(snap(before.role, before.active))
                .after(snap(role, active))
                .append(tx)?;
            Ok(())
        })
    }

    /// Replaces a user's password hash and ends their sessions.
    pub fn set_password(&mut self, id: UserId, password_hash: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                params![id, password_hash],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("user"));
            }
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            Entry::new(Action::PasswordSet, Some(id))
                .target(Target::User(id))
                .append(tx)?;
            Ok(())
        })
    }

    // ----- sessions -----
    //
    // The database keeps only a hash of each session token (see [`session_key`]), so a
    // leaked copy of it (a backup, say) signs nobody in.

    /// Stores a new session for `user` with its CSRF token, valid for [`SESSION_TTL_SECS`].
    pub fn create_session(&mut self, token: &str, user: UserId, csrf: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM sessions WHERE expires_at < unixepoch()",
                [],
            )?;
            tx.execute(
                "INSERT INTO sessions (token, user_id, csrf, expires_at) VALUES (?1, ?2, ?3, unixepoch() + ?4)",
                params![session_key(token), user, csrf, SESSION_TTL_SECS],
            )?;
            Ok(())
        })
    }

    /// The active user and CSRF token of an unexpired session.
    pub fn session(&self, token: &str) -> Result<Option<Session>> {
        Ok(self
            .conn
            .query_row(
                "SELECT u.id, u.name, u.role, u.active, u.created_at, s.csrf
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token = ?1 AND s.expires_at >= unixepoch() AND u.active = 1",
                [session_key(token)],
                |r| {
                    Ok(Session {
                        user: user_row(r)?,
                        csrf: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Ends a session.
    pub fn delete_session(&mut self, token: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM sessions WHERE token = ?1",
            [session_key(token)],
        )?;
        Ok(())
    }
}

fn validate_user_name(name: &str) -> Result<()> {
    let ok = (1..=40).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "a user name has 1 to 40 letters, digits, dots, underscores or hyphens".into(),
        ))
    }
}

pub(super) fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Reviewer),
        active: r.get(3)?,
        created_at: r.get(4)?,
    })
}
