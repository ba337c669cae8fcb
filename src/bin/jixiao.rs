//! The `jixiao` command-line tool. See README.md.
fn main() {}
