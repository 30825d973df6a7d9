//! Psych oracle tests.
