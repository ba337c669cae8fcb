//! The Yew UI (wasm32 only). Placeholder until the editor lands.
use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    html! { <main><h1>{ "绩效自评" }</h1></main> }
}

/// Mounts the app on the page body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
