//! Round-trip properties.
