//! Reviewers' activity on a document, for the statistics panel.

use std::collections::BTreeMap;

use super::{Result, Store};
use crate::review::{DocId, ReviewerActivity, UserId};

impl Store {
    /// The activity of every reviewer who voted, suggested or commented on `doc`, in order of
    /// user id. Read from the append-only event log and the suggestions and comments tables, so
    /// votes on beads that a change replaced still count.
    ///
    /// # Example
    /// ```
    /// use sverka::{Document, Lang, align};
    /// use sverka::review::Role;
    /// use sverka::storage::Store;
    ///
    /// let mut store = Store::open_in_memory().unwrap();
    /// let anna = store.create_user("anna", "<hash>", Role::Reviewer).unwrap();
    /// let ru = Document::new("Привет. Пока.", Lang::Ru).unwrap();
    /// let en = Document::new("Hello. Bye.", Lang::En).unwrap();
    /// let doc = store.create_document(None, "Greetings", &ru, &en, &align(&ru, &en)).unwrap();
    /// let beads = store.beads(doc).unwrap();
    /// store.vote_bead(anna, doc, beads[0].id, beads[0].version, 1).unwrap();
    /// store.vote_bead(anna, doc, beads[1].id, beads[1].version, -1).unwrap();
    /// store.vote_bead(anna, doc, beads[1].id, beads[1].version, 0).unwrap(); // withdrawn
    /// let activity = store.reviewer_activity(doc).unwrap();
    /// assert_eq!((activity[0].name.as_str(), activity[0].votes), ("anna", 1));
    /// ```
    pub fn reviewer_activity(&self, doc: DocId) -> Result<Vec<ReviewerActivity>> {
        // (votes, suggestions, comments) per user.
        let mut by_user: BTreeMap<UserId, [usize; 3]> = BTreeMap::new();
        // The latest vote event of each (user, target): SQLite takes the bare column `after`
        // from the row holding MAX(id).
        let mut st = self.conn.prepare_cached(
            "SELECT user_id, MAX(id), after FROM events
             WHERE doc_id = ?1 AND action = 'vote' AND user_id IS NOT NULL
             GROUP BY user_id, target",
        )?;
        let rows = st.query_map([doc], |r| {
            Ok((r.get::<_, UserId>(0)?, r.get::<_, Option<String>>(2)?))
        })?;
        for row in rows {
            let (user, after) = row?;
            let counts = by_user.entry(user).or_default();
            if after.as_deref().is_some_and(|v| v.trim() != "0") {
                counts[0] += 1;
            }
        }
        for (k, sql) in [
            (
                1,
                "SELECT author_id, COUNT(*) FROM suggestions
                 WHERE doc_id = ?1 AND author_id IS NOT NULL GROUP BY author_id",
            ),
            (
                2,
                "SELECT user_id, COUNT(*) FROM comments
                 WHERE doc_id = ?1 AND user_id IS NOT NULL GROUP BY user_id",
            ),
        ] {
            let mut st = self.conn.prepare_cached(sql)?;
            let rows =
                st.query_map([doc], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (user, n) = row?;
                by_user.entry(user).or_default()[k] = usize::try_from(n).unwrap_or(0);
            }
        }
        let mut name = self
            .conn
            .prepare_cached("SELECT name FROM users WHERE id = ?1")?;
        by_user
            .into_iter()
            .filter(|(_, c)| c.iter().any(|&n| n > 0))
            .map(|(user, [votes, suggestions, comments])| {
                let name =
                    name.query_row([user], |r| r.get::<_, String>(0))
                        .or_else(|e| match e {
                            rusqlite::Error::QueryReturnedNoRows => {
                                Ok("(deleted user)".to_string())
                            }
                            e => Err(e),
                        })?;
                Ok(ReviewerActivity {
                    user,
                    name,
                    votes,
                    suggestions,
                    comments,
                })
            })
            .collect()
    }

    /// A number that changes whenever anything is logged for `doc` (a vote, suggestion,
    /// comment, approval or change): the id of its newest event. For caching what is computed
    /// from its reviews.
    pub fn activity_stamp(&self, doc: DocId) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM events WHERE doc_id = ?1")?
            .query_row([doc], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Change, Role};
    use crate::{Document, Lang, align};

    #[test]
    fn votes_suggestions_and_comments_are_counted_per_reviewer() {
        let mut s = Store::open_in_memory().unwrap();
        let anna = s.create_user("anna", "h", Role::Reviewer).unwrap();
        let boris = s.create_user("boris", "h", Role::Reviewer).unwrap();
        let _idle = s.create_user("idle", "h", Role::Reviewer).unwrap();
        let ru = Document::new("Один. Два. Три.", Lang::Ru).unwrap();
        let en = Document::new("One. Two. Three.", Lang::En).unwrap();
        let doc = s
            .create_document(None, "t", &ru, &en, &align(&ru, &en))
            .unwrap();
        let b = s.beads(doc).unwrap();
        assert_eq!(b.len(), 3);
        assert!(s.reviewer_activity(doc).unwrap().is_empty());
        let stamp = s.activity_stamp(doc).unwrap();
        s.vote_bead(anna, doc, b[0].id, 1, 1).unwrap();
        assert!(s.activity_stamp(doc).unwrap() > stamp);
        s.vote_bead(anna, doc, b[0].id, 1, -1).unwrap(); // changed: still one vote
        s.vote_bead(anna, doc, b[1].id, 1, 1).unwrap();
        s.vote_bead(boris, doc, b[1].id, 1, 1).unwrap();
        s.vote_bead(boris, doc, b[1].id, 1, 0).unwrap(); // withdrawn
        let sid = s.suggest(boris, doc, b[2].id, 1, Change::Unpair).unwrap();
        s.vote_suggestion(anna, sid, 1, 1, None).unwrap();
        s.comment(boris, doc, b[2].id, "why?").unwrap();
        let a = s.reviewer_activity(doc).unwrap();
        let got: Vec<(&str, usize, usize, usize)> = a
            .iter()
            .map(|a| (a.name.as_str(), a.votes, a.suggestions, a.comments))
            .collect();
        assert_eq!(got, [("anna", 3, 0, 0), ("boris", 0, 1, 1)]);
        // Another document's activity is not mixed in.
        let doc2 = s
            .create_document(None, "u", &ru, &en, &align(&ru, &en))
            .unwrap();
        assert!(s.reviewer_activity(doc2).unwrap().is_empty());
    }
}
