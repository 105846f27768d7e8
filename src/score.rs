//! Pair scoring: how likely a run of Russian sentences translates a run of English sentences.
