use std::io::BufRead;
fn main() {
    let f = std::fs::File::open(std::env::args().nth(1).unwrap()).unwrap();
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let body = v["body"].as_str().unwrap();
        let t = newsdex::extract::tokens::Tokens::new(body);
        for s in &t.sentences {
            let w: Vec<&str> = s.clone().map(|i| t.str(i)).collect();
            println!("{}", w.join(" "));
        }
        println!("=====");
    }
}
