//! The review server.
