//! The benchmarks' shared code. The soak driver is here so that `studio-bench soak` and the
//! short CI test (`tests/soak.rs`) run the very same code (see `soak`).

pub mod soak;
