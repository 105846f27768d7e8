//! Accounts and sign-in sessions.

use rusqlite::{OptionalExtension, Transaction, params};

use super::events::Entry;
use super::{Result, SESSION_TTL_SECS, Store, StoreError, session_key};
use crate::review::model::{
    Action, Credentials, Invite, InviteId, InviteStatus, Role, Session, Target, User, UserId,
};

impl Store {
    // ----- users -----

    /// Creates a user with an already hashed password. Fails with [`StoreError::Conflict`]
    /// when the name is taken and [`StoreError::Invalid`] when it is not a valid name
    /// (1–40 letters, digits, `.`, `_`, `-`).
    pub fn create_user(&mut self, name: &str, password_hash: &str, role: Role) -> Result<UserId> {
        let new = NewUser {
            name,
            password_hash,
            role,
            one_time: false,
        };
        self.write(|tx| insert_user(tx, &new, None, None))
    }

    /// Creates a user whose password is a one-time password (made by `actor`, an admin, or
    /// by the command line when `None`): it must be changed at the first sign-in. Fails as
    /// [`Store::create_user`] does.
    pub fn create_user_one_time(
        &mut self,
        actor: Option<UserId>,
        name: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<UserId> {
        let new = NewUser {
            name,
            password_hash,
            role,
            one_time: true,
        };
        self.write(|tx| insert_user(tx, &new, actor, None))
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
                "SELECT id, name, role, active, created_at, must_change_password, password_hash FROM users WHERE name = ?1",
                [name],
                |r| {
                    Ok(Credentials {
                        user: user_row(r)?,
                        password_hash: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// A user by id.
    pub fn user(&self, id: UserId) -> Result<Option<User>> {
        Ok(self.conn.query_row(USER_BY_ID, [id], user_row).optional()?)
    }

    /// All users, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
        let rows = st.query_map([], user_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets a user's role and whether they may sign in. Refuses to leave no active admin.
    /// Deactivating a user ends their sessions.
    pub fn set_user(&mut self, actor: UserId, id: UserId, role: Role, active: bool) -> Result<()> {
        self.write(|tx| {
            let before = tx
                .query_row(USER_BY_ID, [id], user_row)
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

    /// Replaces a user's password hash and ends all their sessions. `one_time` marks a
    /// password an admin (`actor`) set, which the user must change at the next sign-in; a user
    /// who changes their own password passes their own id as `actor`.
    pub fn set_password(
        &mut self,
        actor: Option<UserId>,
        id: UserId,
        password_hash: &str,
        one_time: bool,
    ) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE users SET password_hash = ?2, must_change_password = ?3 WHERE id = ?1",
                params![id, password_hash, one_time],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("user"));
            }
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            Entry::new(Action::PasswordSet, actor)
                .target(Target::User(id))
                .after(serde_json::json!({ "one_time": one_time }).to_string())
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
                "SELECT u.id, u.name, u.role, u.active, u.created_at, u.must_change_password, s.csrf
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token = ?1 AND s.expires_at >= unixepoch() AND u.active = 1",
                [session_key(token)],
                |r| {
                    Ok(Session {
                        user: user_row(r)?,
                        csrf: r.get(6)?,
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

impl Store {
    // ----- invites -----
    //
    // Like session tokens, an invite's token is stored only as its hash ([`session_key`]).

    /// Stores an invite (made by the admin `actor`) for an account with `role`, valid for
    /// `valid_for_secs` seconds from now.
    pub fn create_invite(
        &mut self,
        actor: UserId,
        token: &str,
        role: Role,
        valid_for_secs: i64,
    ) -> Result<InviteId> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO invites (token, role, created_by, expires_at)
                 VALUES (?1, ?2, ?3, unixepoch() + ?4)",
                params![session_key(token), role.as_str(), actor, valid_for_secs],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// The invite of a link's token, whatever its status.
    pub fn invite(&self, token: &str) -> Result<Option<Invite>> {
        let sql = format!("{INVITE_SELECT} WHERE i.token = ?1");
        Ok(self
            .conn
            .query_row(&sql, [session_key(token)], invite_row)
            .optional()?)
    }

    /// The newest invites (at most `limit`), newest first.
    pub fn invites(&self, limit: usize) -> Result<Vec<Invite>> {
        let sql = format!("{INVITE_SELECT} ORDER BY i.id DESC LIMIT ?1");
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], invite_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Withdraws an open invite. Fails with [`StoreError::Invalid`] when it was used,
    /// expired or already revoked.
    pub fn revoke_invite(&mut self, id: InviteId) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE invites SET revoked_at = strftime('%Y-%m-%d %H:%M:%S', 'now')
                 WHERE id = ?1 AND revoked_at IS NULL AND used_at IS NULL
                   AND expires_at >= unixepoch()",
                [id],
            )?;
            if n == 1 {
                return Ok(());
            }
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM invites WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if exists {
                Err(StoreError::Invalid(
                    "this invite was already used, has expired or was revoked".into(),
                ))
            } else {
                Err(StoreError::NotFound("invite"))
            }
        })
    }

    /// Creates the account of an open invite (with the invite's role and a password the user
    /// chose) and marks the invite used, in one transaction. Fails with
    /// [`StoreError::Invalid`] when the invite is unknown or no longer open, and as
    /// [`Store::create_user`] does for the name.
    pub fn register_with_invite(
        &mut self,
        token: &str,
        name: &str,
        password_hash: &str,
    ) -> Result<UserId> {
        self.write(|tx| {
            let open: Option<(InviteId, String)> = tx
                .query_row(
                    "SELECT id, role FROM invites WHERE token = ?1 AND revoked_at IS NULL
                     AND used_at IS NULL AND expires_at >= unixepoch()",
                    [session_key(token)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((invite, role)) = open else {
                return Err(StoreError::Invalid(
                    "this invite link is no longer valid; ask an admin for a new one".into(),
                ));
            };
            let new = NewUser {
                name,
                password_hash,
                role: Role::parse(&role).unwrap_or(Role::Reviewer),
                one_time: false,
            };
            let id = insert_user(tx, &new, None, Some(invite))?;
            tx.execute(
                "UPDATE invites SET used_by = ?2, used_at = strftime('%Y-%m-%d %H:%M:%S', 'now')
                 WHERE id = ?1",
                params![invite, id],
            )?;
            Ok(id)
        })
    }
}

/// The invite columns [`invite_row`] reads, with the names of its maker and user.
const INVITE_SELECT: &str = "SELECT i.id, i.role,
        CASE WHEN i.revoked_at IS NOT NULL THEN 'revoked'
             WHEN i.used_at IS NOT NULL THEN 'used'
             WHEN i.expires_at < unixepoch() THEN 'expired'
             ELSE 'open' END,
        c.name, i.created_at, strftime('%Y-%m-%d %H:%M', i.expires_at, 'unixepoch'), u.name
    FROM invites i LEFT JOIN users c ON c.id = i.created_by LEFT JOIN users u ON u.id = i.used_by";

fn invite_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Invite> {
    let role: String = r.get(1)?;
    let status: String = r.get(2)?;
    Ok(Invite {
        id: r.get(0)?,
        role: Role::parse(&role).unwrap_or(Role::Reviewer),
        status: InviteStatus::parse(&status).unwrap_or(InviteStatus::Expired),
        created_by: r.get(3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        used_by: r.get(6)?,
    })
}

/// The columns [`user_row`] reads, in its order.
const USER_COLUMNS: &str = "id, name, role, active, created_at, must_change_password";
/// A user by id (`?1`).
const USER_BY_ID: &str =
    "SELECT id, name, role, active, created_at, must_change_password FROM users WHERE id = ?1";

/// A new account's fields.
pub(super) struct NewUser<'a> {
    pub(super) name: &'a str,
    pub(super) password_hash: &'a str,
    pub(super) role: Role,
    /// The password is a one-time password, to be changed at the first sign-in.
    pub(super) one_time: bool,
}

/// Inserts an account and logs it (by `actor`; `invite` when an invite link made it).
pub(super) fn insert_user(
    tx: &Transaction<'_>,
    new: &NewUser<'_>,
    actor: Option<UserId>,
    invite: Option<i64>,
) -> Result<UserId> {
    let name = new.name;
    validate_user_name(name)?;
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
        "INSERT INTO users (name, password_hash, role, must_change_password) VALUES (?1, ?2, ?3, ?4)",
        params![name, new.password_hash, new.role.as_str(), new.one_time],
    )?;
    let id = tx.last_insert_rowid();
    let mut after = serde_json::json!({"name": name, "role": new.role.as_str()});
    if let Some(invite) = invite {
        after["invite"] = invite.into();
    }
    Entry::new(Action::UserAdd, actor)
        .target(Target::User(id))
        .after(after.to_string())
        .append(tx)?;
    Ok(id)
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
        must_change_password: r.get(5)?,
    })
}
