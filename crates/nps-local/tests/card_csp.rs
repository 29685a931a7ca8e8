//! The card's page is served with the policy its build wrote (`csp.txt`),
//! over real HTTP; its other files are not.

use nps_local::Config;
use std::path::PathBuf;

fn card_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nps-local-card-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>card</title>").expect("write page");
    std::fs::write(dir.join("card.js"), "export {}").expect("write script");
    dir
}

async fn serve(dir: &std::path::Path) -> nps_local::Running {
    let config = Config {
        db: ":memory:".into(),
        api_addr: ([127, 0, 0, 1], 0).into(),
        web_addr: Some(([127, 0, 0, 1], 0).into()),
        card_dir: Some(dir.to_path_buf()),
        demo: false,
        ..Config::default()
    };
    nps_local::start(config).await.expect("service starts")
}

async fn get(url: String) -> ureq::Response {
    tokio::task::spawn_blocking(move || ureq::get(&url).call().expect("request answered")).await.expect("join")
}

#[tokio::test]
async fn the_page_carries_the_built_policy_and_a_rebuild_is_picked_up() {
    let dir = card_dir("policy");
    let policy = "default-src 'none'; script-src 'self' 'sha256-abc=' 'wasm-unsafe-eval'; frame-ancestors *";
    std::fs::write(dir.join("csp.txt"), format!("{policy}\n")).expect("write policy");
    let running = serve(&dir).await;
    let web = format!("http://{}", running.web_addr.expect("web listener"));

    for path in ["/card/", "/card/index.html"] {
        let page = get(format!("{web}{path}")).await;
        assert_eq!(page.header("content-security-policy"), Some(policy), "{path}");
    }
    let script = get(format!("{web}/card/card.js")).await;
    assert_eq!(script.header("content-security-policy"), None, "only the page needs the policy");
    assert_eq!(script.header("access-control-allow-origin"), Some("*"), "sandboxed frames fetch with CORS");

    std::fs::write(dir.join("csp.txt"), "default-src 'none'; script-src 'sha256-new='").expect("rewrite policy");
    let page = get(format!("{web}/card/")).await;
    assert_eq!(page.header("content-security-policy"), Some("default-src 'none'; script-src 'sha256-new='"));
    running.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_card_built_without_a_policy_is_still_served() {
    let dir = card_dir("none");
    let running = serve(&dir).await;
    let web = format!("http://{}", running.web_addr.expect("web listener"));
    let page = get(format!("{web}/card/")).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.header("content-security-policy"), None);
    std::fs::write(dir.join("csp.txt"), "bad\nvalue").expect("write policy");
    let page = get(format!("{web}/card/")).await;
    assert_eq!((page.status(), page.header("content-security-policy")), (200, None), "an invalid policy is not sent");
    running.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}
