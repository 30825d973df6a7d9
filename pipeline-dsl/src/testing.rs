//! proptest strategies for the model (feature `proptest`).
