//! The web app's entry point (built for wasm32 by Trunk). Natively it does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    jixiao::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("jixiao-web is the browser app; build it with Trunk (see README.md). For the command line use `jixiao`.");
}
