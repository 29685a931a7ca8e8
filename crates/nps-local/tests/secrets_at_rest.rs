//! Credentials at rest and on the command line: keys and tokens are kept as
//! digests, keys can come from a file (out of the process list), the public
//! demo key opens nothing without `--demo`, and the IVR config file's
//! mappings belong to the company they name.

mod support;

use std::process::Command;
use std::time::Duration;
use support::*;

fn call(method: &str, url: &str, auth: &str, body: &str) -> u16 {
    match ureq::request(method, url)
        .set("Authorization", auth)
        .set("Content-Type", "application/json")
        .send_string(body)
    {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("transport: {e}"),
    }
}

fn token(url: &str, key: &str) -> String {
    let r = ureq::post(&format!("{url}/employees/token")).set("Authorization", &basic(key)).send_string("{}");
    let v: serde_json::Value = r.expect("token issued").into_json().expect("JSON");
    v["token"].as_str().expect("token").to_owned()
}

/// The database and its write-ahead log, as bytes.
fn db_bytes(db: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal"] {
        if let Ok(b) = std::fs::read(format!("{}{suffix}", db.display())) {
            all.extend(b);
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn keys_from_a_file_and_tokens_are_kept_as_digests_and_the_demo_key_needs_demo() {
    const FILE_KEY: &str = "file-key-5d2e9a71c4b8";
    let db = temp_db();
    let keys = std::env::temp_dir().join(format!("nps-local-keys-{}.txt", std::process::id()));
    std::fs::write(&keys, format!("# one key a line\n\n  {FILE_KEY}  \n")).unwrap();

    // With --demo: the demo key works, and so does the file's.
    let mut demo = Binary::start(&db, &["--api-key-file", &keys.to_string_lossy()]);
    let demo_token = token(&demo.url, KEY);
    let file_token = token(&demo.url, FILE_KEY);
    demo.signal("TERM");
    assert!(demo.wait(Duration::from_secs(10)).is_some_and(|s| s.success()));
    let stored = db_bytes(&db);
    for secret in [FILE_KEY, KEY, &demo_token, &file_token] {
        assert!(!contains(&stored, secret), "{secret} is not in the database file");
    }
    assert!(contains(&stored, &nps_local::store::secret_digest(FILE_KEY)), "kept as its SHA-256");

    // Without --demo: the public demo key and its tokens open nothing.
    let plain = Binary::without_demo(&db, &["--api-key-file", &keys.to_string_lossy()]);
    assert_eq!(call("POST", &format!("{}/employees/token", plain.url), &basic(KEY), "{}"), 401);
    assert_eq!(call("GET", &format!("{}/feedback-app/employee", plain.url), &format!("Bearer {demo_token}"), ""), 401);
    assert_eq!(call("POST", &format!("{}/api/dixa/relay", plain.url), KEY, "{}"), 401);
    assert_eq!(
        call("GET", &format!("{}/feedback-app/employee", plain.url), &format!("Bearer {file_token}"), ""),
        200,
        "a token survives the restart (found by its digest)"
    );
    assert_eq!(call("POST", &format!("{}/employees/token", plain.url), &basic(FILE_KEY), "{}"), 200);
    drop(plain);
    let _ = std::fs::remove_file(&keys);
    remove_db(&db);
}

#[test]
fn bad_token_lifetimes_and_empty_key_files_are_refused_at_start() {
    let empty = std::env::temp_dir().join(format!("nps-local-empty-keys-{}.txt", std::process::id()));
    std::fs::write(&empty, "# nothing here\n").unwrap();
    for (args, says) in [
        (vec!["--token-ttl-secs", "0"], "--token-ttl-secs"),
        (vec!["--token-ttl-secs", "9223372036854775807"], "--token-ttl-secs"),
        (vec!["--token-ttl-secs", "-5"], "--token-ttl-secs"),
        (vec!["--api-key-file", empty.to_str().unwrap()], "holds no key"),
        (vec!["--api-key-file", "/nonexistent/keys.txt"], "cannot read"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_nps-local")).args(&args).output().expect("binary runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let _ = std::fs::remove_file(&empty);
}

#[test]
fn ivr_config_mappings_belong_to_the_company_they_name() {
    let path = std::env::temp_dir().join(format!("nps-local-ivr-owner-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"[{"company":"Company 1","queueId":"acme-queue","name":"Acme","campaignId":880,"campaignName":"Acme NPS","dixaApiKey":"k"}]"#,
    )
    .unwrap();
    let config = path.clone();
    let s = Server::with(move |c| {
        c.api_keys = vec!["acme-key".into()];
        c.ivr_config = Some(config);
    });
    let event = closed_event("owned-1", 980_001, "acme-queue");
    let (status, v) = s.post("/api/dixa/relay", Some("acme-key"), &event);
    assert_eq!((status, v["campaignId"].as_i64()), (201, Some(880)), "Acme's queue: {v}");
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), &closed_event("owned-2", 980_002, "acme-queue"));
    assert_eq!((status, v["status"].as_str()), (200, Some("ignored")), "not the demo company's: {v}");

    // Several companies and no name: refused at start, nothing guessed.
    std::fs::write(&path, r#"[{"queueId":"q","name":"Q","campaignId":881,"campaignName":"Q","dixaApiKey":"k"}]"#)
        .unwrap();
    let db = temp_db();
    let out = Command::new(env!("CARGO_BIN_EXE_nps-local"))
        .args(["--db", &db.to_string_lossy(), "--api-addr", "127.0.0.1:0", "--demo", "--api-key", "acme-key"])
        .args(["--ivr-config", &path.to_string_lossy()])
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("name the one"), "{}", String::from_utf8_lossy(&out.stderr));
    remove_db(&db);
    let _ = std::fs::remove_file(&path);
}
