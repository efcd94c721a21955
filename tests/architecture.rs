//! The layout ARCHITECTURE.md describes, kept true: data flows one way through the stage
//! folders, and functions stay short enough to read at a glance.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The modules under `src/`, lowest first. A module may use only those before it, with the
/// exceptions below; the stages are `load` to `write`.
const LAYERS: &[&[&str]] = &[
    &["diagnostics"],
    &["error", "timing", "cache"],
    &["model"],
    &["load"],
    &["resolve"],
    &["validate"],
    &["render"],
    &["write"],
    &["pipeline", "matching", "report"],
    &["serve", "scaffold"],
    &["cmd"],
];

const MAX_FUNCTION_LINES: usize = 80;
const MAX_PARAMETERS: usize = 6;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `src/`, with the top-level module it belongs to.
fn sources() -> Vec<(String, PathBuf)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let relative = e.path().strip_prefix(&src).unwrap();
            let first = relative.components().next().unwrap().as_os_str();
            let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
            (module, e.path().to_path_buf())
        })
        .collect()
}

/// The code of a file before its test module (tests may reach anywhere).
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The top-level modules a file's code names as `crate::<module>`.
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            used.insert(name);
        }
    }
    used
}

#[test]
fn stages_use_only_the_modules_below_them() {
    let mut wrong = Vec::new();
    for (module, path) in sources() {
        let Some(own) = layer_of(&module) else {
            continue; // lib.rs and main.rs tie everything together
        };
        for used in used_modules(&code(&path)) {
            if used != module && layer_of(&used).is_some_and(|layer| layer >= own) {
                wrong.push(format!("{} uses crate::{used}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline's flow:\n{}",
        wrong.join("\n")
    );
}

/// (name, first line, lines, parameters) of each function in `code`, found by indentation:
/// a function ends at the first line that closes its brace at the indentation it opened.
fn functions(code: &str) -> Vec<(String, usize, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let signature = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("async ")
            .trim_start_matches("const ");
        let Some(rest) = signature.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut header = String::new();
        let mut open = start;
        while open < lines.len() && !lines[open].trim_end().ends_with('{') {
            if lines[open].trim_end().ends_with(';') {
                break;
            }
            header.push_str(lines[open]);
            open += 1;
        }
        if open >= lines.len() || !lines[open].trim_end().ends_with('{') {
            continue; // a declaration without a body
        }
        header.push_str(lines[open]);
        let close = format!("{}}}", " ".repeat(indent));
        let Some(end) = (open + 1..lines.len()).find(|&i| lines[i].trim_end() == close) else {
            continue;
        };
        found.push((name, start + 1, end - start + 1, parameters(&header)));
    }
    found
}

/// The number of parameters in a function's header.
fn parameters(header: &str) -> usize {
    let Some(open) = header.find('(') else {
        return 0;
    };
    let (mut depth, mut count, mut current) = (0, 0, false);
    for c in header[open + 1..].chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' if depth == 0 => break,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                count += usize::from(current);
                current = false;
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            current = true;
        }
    }
    count + usize::from(current)
}

#[test]
fn functions_are_short_and_take_few_parameters() {
    let mut long = Vec::new();
    for (_, path) in sources() {
        for (name, line, lines, params) in functions(&code(&path)) {
            if lines > MAX_FUNCTION_LINES || params > MAX_PARAMETERS {
                long.push(format!(
                    "{}:{line} {name}: {lines} lines, {params} parameters",
                    path.display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines or {MAX_PARAMETERS} parameters (split them into named steps, or group parameters in a struct):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_finder_counts_lines_and_parameters() {
    let code = "fn a(x: u8, y: Vec<(u8, u8)>) -> u8 {\n    x\n}\n\n    pub fn b() {\n    }\n";
    assert_eq!(
        functions(code),
        [("a".to_string(), 1, 3, 2), ("b".to_string(), 5, 2, 0)]
    );
    assert_eq!(
        used_modules("use crate::load::x;\n// crate::cmd\nlet a = crate::render::y;"),
        BTreeSet::from(["load".to_string(), "render".to_string()])
    );
}
