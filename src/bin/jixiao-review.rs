//! The 审核 page's entry point (review.html; built for wasm32 by Trunk as a second app, so
//! that the reviewer's page is not part of the editor's first load — issue 20). Natively it
//! does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    jixiao::ui::start_review();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("jixiao-review is the browser's 审核 page; build it with Trunk (see README.md). For the command line use `jixiao check --summary`.");
}
