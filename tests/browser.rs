//! The page in headless Chromium, driven over WebDriver (chromedriver, plain HTTP): open it,
//! search, click a facet, open an article, follow the export link, and check that an article
//! titled with markup shows that markup as text. Skips, saying so, where Chromium or
//! chromedriver is not installed (`apt-get install -y chromium chromium-driver`).

mod testenv;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use testenv::http::{get, request};
use testenv::server::Served;
use testenv::TestEnv;

const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)>";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver and one browser session, both ended when dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path, profile: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
        };
        wait("chromedriver to start", || {
            std::net::TcpStream::connect(b.base.trim_start_matches("http://")).is_ok()
                && get(&b.base, "/status").json()["value"]["ready"] == true
        });
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let r = request(&b.base, "POST", "/session", Some(&caps.to_string())).json();
        b.session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
        b
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let body = body.to_string();
        let url = format!("/session/{}{path}", self.session);
        let body = (method == "POST").then_some(body.as_str());
        request(&self.base, method, &url, body).json()["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e[ELEMENT].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first element matching, waited for.
    fn find(&self, css: &str) -> String {
        let mut found = None;
        wait(css, || {
            found = self.find_all(css).into_iter().next();
            found.is_some()
        });
        found.unwrap()
    }

    fn text(&self, el: &str) -> String {
        self.call("GET", &format!("/element/{el}/text"), json!({}))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn attr(&self, el: &str, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{el}/attribute/{name}"), json!({}))
            .as_str()
            .map(str::to_string)
    }

    fn click(&self, el: &str) {
        self.call("POST", &format!("/element/{el}/click"), json!({}));
    }

    fn type_in(&self, el: &str, text: &str) {
        self.call("POST", &format!("/element/{el}/clear"), json!({}));
        self.call(
            "POST",
            &format!("/element/{el}/value"),
            json!({ "text": text }),
        );
    }

    fn script(&self, js: &str) -> Value {
        self.call("POST", "/execute/sync", json!({"script": js, "args": []}))
    }

    fn url(&self) -> String {
        self.call("GET", "/url", json!({}))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Whether an alert is open (an injected handler would have opened one).
    fn alert_open(&self) -> bool {
        self.call("GET", "/alert/text", json!({})).is_string()
    }

    /// Waits until the text of `css` is `want`.
    fn wait_text(&self, css: &str, want: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        wait(css, || {
            last = self
                .find_all(css)
                .first()
                .map(|e| self.text(e))
                .unwrap_or_default();
            want(&last)
        });
        last
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(
                &self.base,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn wait(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_page_searches_filters_opens_exports_and_shows_markup_as_text() {
    let (Some(chromium), Some(chromedriver)) = (on_path("chromium"), on_path("chromedriver"))
    else {
        println!(
            "SKIPPED browser test: chromium and chromedriver not found on PATH \
             (apt-get install -y chromium chromium-driver)"
        );
        return;
    };
    let env = TestEnv::with_sample_corpus();
    let hostile = json!({
        "id": "hostile-1",
        "title": HOSTILE_TITLE,
        "date": "2019-05-05",
        "source": "Wikinews",
        "body": "Angela Merkel met Emmanuel Macron in Paris.\n\n\
                 \"<script>alert(2)</script> is not what we want,\" Merkel said.",
    });
    env.write("corpus/hostile.json", hostile.to_string().as_bytes());
    env.index_corpus();
    let served = Served::start(&env.index_dir(), &[]);
    let b = Browser::start(&chromium, &chromedriver, &env.path("profile"));

    // The URL carries the state: the page opens with those results.
    b.open(&format!("{}/?q=president", served.base));
    let total = b.wait_text("#total", |t| t.ends_with("articles"));
    let api_total = get(&served.base, "/api/search?q=president").json()["total"].clone();
    assert_eq!(total, format!("{api_total} articles"));
    assert!(!b.find_all("#results mark").is_empty(), "highlighted words");
    assert!(!b.find_all("#timeline rect.bar").is_empty(), "a timeline");

    // Search from the box.
    let q = b.find("#q");
    b.type_in(&q, "summit\n");
    let api_total = get(&served.base, "/api/search?q=summit").json()["total"].clone();
    b.wait_text("#total", |t| t == format!("{api_total} articles"));
    assert!(b.url().contains("q=summit"), "{}", b.url());

    // A facet adds a filter; the URL and the chips show it.
    let facet = b.find("#facet-person a");
    let name = b.text(&b.find_all("#facet-person a span").remove(0));
    b.click(&facet);
    b.wait_text("#chips", |t| t.contains(&name));
    assert!(b.url().contains("person="), "{}", b.url());
    let filtered = b.wait_text("#total", |t| {
        t.ends_with("article") || t.ends_with("articles")
    });

    // The export link carries the same request and gives all of it.
    let csv_link = b.attr(&b.find("#export-csv"), "href").unwrap();
    let path = csv_link.trim_start_matches(&served.base);
    let csv = get(&served.base, path);
    assert_eq!(csv.status, 200, "{path}");
    let rows = csv::Reader::from_reader(csv.body.as_slice())
        .records()
        .count();
    assert_eq!(
        format!("{rows} article{}", if rows == 1 { "" } else { "s" }),
        filtered
    );

    // An article, with its names marked as links that filter.
    let first = b.find(".hit h3 a");
    b.click(&first);
    b.find("#article-title");
    assert!(
        !b.find_all("#article-body a.ent").is_empty(),
        "marked entities"
    );
    let ent = b.find("#article-body a.ent");
    let ent_href = b.attr(&ent, "href").unwrap();
    assert!(
        ent_href.contains("person=") || ent_href.contains("place=") || ent_href.contains("org=")
    );

    // Who said what.
    b.open(&format!("{}/?view=quotes&speaker=Merkel", served.base));
    b.wait_text("#total", |t| t.ends_with("quotes") || t.ends_with("quote"));
    assert!(!b.find_all(".group .quote").is_empty());

    // The hostile article: its title is text, in the list and in the article view.
    b.open(&format!("{}/?q=onerror", served.base));
    let title = b.wait_text(".hit h3 a", |t| !t.is_empty());
    assert_eq!(title, HOSTILE_TITLE);
    assert_eq!(
        b.script("return document.querySelectorAll('main img, main script').length"),
        0
    );
    b.click(&b.find(".hit h3 a"));
    let shown = b.wait_text("#article-title", |t| !t.is_empty());
    assert_eq!(shown, HOSTILE_TITLE);
    assert!(b
        .text(&b.find("#article-body"))
        .contains("<script>alert(2)</script>"));
    assert_eq!(
        b.script("return document.querySelectorAll('#article img, #article script').length"),
        0
    );
    assert!(!b.alert_open(), "an injected handler ran");
}
