//! docs/verification.md against the code: one `## <package>` section per
//! crate with models, in the workspace's crate order; every test named in
//! a section's model tables exists in that crate; every test that runs a
//! model (`model(...)`, `model_with_preemptions(...)`, directly or through
//! a helper) is named there. Run by `cargo test -p xtask`; a failure says
//! which rows or sections to add or fix.

use crate::crates;
use crate::step::workspace_root;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The order of the crate sections: the dependency order of the README's
/// crate table, then the applications.
const CRATE_ORDER: &[&str] = &[
    "fearless-core",
    "fearless-atomics",
    "fearless-channels",
    "fearless-locks",
    "fearless-scoped",
    "fearless-par",
    "fearless",
    "fearless-apps",
];

/// A function found in the code.
#[derive(Clone, Debug)]
struct Function {
    name: String,
    /// Its file, relative to the crate's directory.
    file: PathBuf,
    /// The inline modules around it (`mod tests { .. }`), outermost first.
    modules: Vec<String>,
    is_test: bool,
    body: String,
}

impl Function {
    /// Its file's path components, without the extension:
    /// `["src", "pool", "registry"]`.
    fn file_parts(&self) -> Vec<String> {
        self.file
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    }

    /// The path a row of the doc would name it by: its file's module
    /// path, then its inline modules (`registry::tests::name` for a unit
    /// test, `models::counter::name` for an integration test in an inline
    /// module).
    fn doc_path(&self) -> String {
        let parts = self.file_parts();
        let mut segs: Vec<&str> = parts
            .iter()
            .skip(1) // src/ or tests/
            .map(String::as_str)
            .filter(|s| *s != "lib" && *s != "mod")
            .collect();
        segs.extend(self.modules.iter().map(String::as_str));
        segs.push(&self.name);
        segs.join("::")
    }

    /// Whether a doc token (`a::b::name` or `name`) names this function:
    /// the last segment is its name and every other segment is a
    /// component of its file's path or one of its inline modules.
    fn is_named_by(&self, token: &str) -> bool {
        let segs: Vec<&str> = token.split("::").collect();
        let (last, rest) = segs.split_last().expect("split yields one segment");
        let comps = self.file_parts();
        *last == self.name
            && rest
                .iter()
                .all(|s| comps.iter().chain(&self.modules).any(|c| c == s))
    }
}

/// Whether `code` calls `callee(` as a name of its own (`x::callee(` or
/// ` callee(`, not `other_callee(`).
fn calls(code: &str, callee: &str) -> bool {
    let pattern = format!("{callee}(");
    code.match_indices(&pattern).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The name in a line declaring a function, if it declares one.
fn declared_fn(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("pub(crate) ").unwrap_or(t);
    let t = t.strip_prefix("pub ").unwrap_or(t);
    let t = t.strip_prefix("async ").unwrap_or(t);
    let rest = t.strip_prefix("fn ")?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// The name in a line opening an inline module (`mod tests {`), if it
/// opens one.
fn opened_module(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("pub(crate) ").unwrap_or(t);
    let t = t.strip_prefix("pub ").unwrap_or(t);
    t.strip_prefix("mod ")?.strip_suffix(" {")
}

/// The functions of one rustfmt-formatted file: a body runs from the
/// declaration to the first line that closes at the declaration's indent.
fn functions(file: &Path, rel: &Path) -> Vec<Function> {
    let text = fs::read_to_string(file).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    // The open inline modules: (indent of `mod`, name).
    let mut modules: Vec<(usize, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        while modules
            .last()
            .is_some_and(|(at, _)| indent <= *at && line.trim_start().starts_with('}'))
        {
            modules.pop();
        }
        if let Some(name) = opened_module(line) {
            modules.push((indent, name.to_string()));
            continue;
        }
        let Some(name) = declared_fn(line) else {
            continue;
        };
        let close = format!("{}}}", " ".repeat(indent));
        let end = lines[i..]
            .iter()
            .position(|l| l.starts_with(&close))
            .map_or(lines.len(), |n| i + n);
        // Attributes and comments right above the declaration.
        let is_test = lines[..i]
            .iter()
            .rev()
            .take_while(|l| {
                let t = l.trim_start();
                t.starts_with("#[") || t.starts_with("//")
            })
            .any(|l| l.trim() == "#[test]");
        out.push(Function {
            name: name.to_string(),
            file: rel.to_path_buf(),
            modules: modules.iter().map(|(_, m)| m.clone()).collect(),
            is_test,
            body: lines[i + 1..end.max(i + 1)].join("\n"),
        });
    }
    out
}

/// The tests of the crate in `dir` that run a model, directly or through
/// a helper function of the same crate.
fn model_tests(dir: &Path) -> (Vec<Function>, Vec<Function>) {
    let mut all = Vec::new();
    for sub in ["src", "tests"] {
        for file in crates::rust_files(&dir.join(sub)) {
            let rel = file.strip_prefix(dir).unwrap_or(&file).to_path_buf();
            all.extend(functions(&file, &rel));
        }
    }
    let runs_model = |body: &str| calls(body, "model") || calls(body, "model_with_preemptions");
    let helpers: Vec<String> = all
        .iter()
        .filter(|f| !f.is_test && f.name != "model" && runs_model(&f.body))
        .map(|f| f.name.clone())
        .collect();
    let tests: Vec<Function> = all.into_iter().filter(|f| f.is_test).collect();
    let models = tests
        .iter()
        .filter(|f| runs_model(&f.body) || helpers.iter().any(|h| calls(&f.body, h)))
        .cloned()
        .collect();
    (models, tests)
}

/// A `## ` section of the doc: its package (the heading's first word) and
/// the test names in the first column of its `| model |` tables.
#[derive(Debug, Default, PartialEq)]
struct Section {
    heading: String,
    package: Option<String>,
    names: Vec<String>,
}

/// The `## ` sections of `doc`, in order.
fn sections(doc: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut in_model_table = false;
    let mut previous_was_table = false;
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            let first = h.split([' ', ':']).next().unwrap_or("");
            out.push(Section {
                heading: h.to_string(),
                package: first.starts_with("fearless").then(|| first.to_string()),
                names: Vec::new(),
            });
        }
        let is_table = line.starts_with('|');
        if is_table && !previous_was_table {
            // A table's header row: is its first column `model`?
            in_model_table = line
                .split('|')
                .nth(1)
                .is_some_and(|c| c.trim().starts_with("model"));
        } else if is_table && in_model_table && !line.contains("---") {
            let first = line.split('|').nth(1).unwrap_or("");
            let names = first.split('`').skip(1).step_by(2).filter(|t| {
                !t.is_empty()
                    && !t.starts_with("fearless_")
                    && t.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_:".contains(c))
            });
            if let Some(s) = out.last_mut() {
                s.names.extend(names.map(str::to_string));
            }
        }
        previous_was_table = is_table;
    }
    out
}

#[test]
fn reads_sections_and_the_names_in_model_tables_only() {
    let doc = "# V\n\n## Intro\n\n| model | x |\n| --- | --- |\n| `a` | y |\n\n## fearless-core\n\n| model | property |\n| --- | --- |\n| `m::tests::one` (shuttle only) | p |\n| `two`, `three` | q `not_me` |\n\n| test | property |\n| --- | --- |\n| `stress` | r |\n\n## fearless-par: pool\n\n### Sub\n\n| model | property |\n| --- | --- |\n| `pool::x` | s |\n";
    let s = sections(doc);
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].package, None);
    assert_eq!(s[1].package.as_deref(), Some("fearless-core"));
    assert_eq!(s[1].names, ["m::tests::one", "two", "three"]);
    assert_eq!(s[2].package.as_deref(), Some("fearless-par"));
    assert_eq!(s[2].names, ["pool::x"]);
}

#[test]
fn finds_model_tests_directly_and_through_helpers() {
    assert!(calls("    fearless_core::model(|| {", "model"));
    assert!(calls("model(|| ())", "model"));
    assert!(!calls("let c = unstarted_for_model(1);", "model"));
    assert_eq!(
        declared_fn("    pub(crate) fn go_on(x: u8) {"),
        Some("go_on")
    );
    assert_eq!(declared_fn("    let f = fn_like;"), None);
    let unit = Function {
        name: "takes".into(),
        file: "src/pool/registry.rs".into(),
        modules: vec!["tests".into()],
        is_test: true,
        body: String::new(),
    };
    assert_eq!(unit.doc_path(), "pool::registry::tests::takes");
    assert!(unit.is_named_by("registry::tests::takes"));
    assert!(unit.is_named_by("takes"));
    assert!(!unit.is_named_by("other::tests::takes"));
    let integration = Function {
        file: "tests/models.rs".into(),
        modules: vec!["counter".into()],
        ..unit.clone()
    };
    assert_eq!(integration.doc_path(), "models::counter::takes");
    assert!(integration.is_named_by("counter::takes"));
    assert!(!integration.is_named_by("other::takes"));
    assert_eq!(opened_module("    pub(crate) mod tests {"), Some("tests"));
    assert_eq!(opened_module("mod models;"), None);
    let lib = Function {
        file: "src/lib.rs".into(),
        ..unit
    };
    assert_eq!(lib.doc_path(), "tests::takes");
}

#[test]
fn verification_doc_lists_every_model_by_its_test_name() {
    let path = workspace_root().join("docs/verification.md");
    let doc = fs::read_to_string(&path).unwrap();
    let sections = sections(&doc);
    let krates: BTreeMap<String, PathBuf> = crates::all()
        .into_iter()
        .map(|k| (k.package, k.dir))
        .collect();
    let mut problems = Vec::new();

    // Sections: one per crate with models, in CRATE_ORDER.
    let mut seen: Vec<&str> = Vec::new();
    for s in &sections {
        if let Some(p) = &s.package {
            if !CRATE_ORDER.contains(&p.as_str()) {
                problems.push(format!(
                    "section `## {}`: `{p}` is not a package of CRATE_ORDER",
                    s.heading
                ));
            } else if seen.last() != Some(&p.as_str()) {
                if seen.contains(&p.as_str()) {
                    problems.push(format!(
                        "section `## {}`: a second section for {p}; merge it into the first (one section per crate)",
                        s.heading
                    ));
                }
                seen.push(p);
            }
        }
    }
    let order: Vec<&str> = CRATE_ORDER
        .iter()
        .copied()
        .filter(|p| seen.contains(p))
        .collect();
    let mut deduped = seen.clone();
    deduped.dedup();
    if deduped != order {
        problems.push(format!(
            "crate sections are in the order {deduped:?}; they should follow {order:?}"
        ));
    }

    for package in CRATE_ORDER {
        let Some(dir) = krates.get(*package) else {
            continue;
        };
        let (models, tests) = model_tests(dir);
        let listed: Vec<&String> = sections
            .iter()
            .filter(|s| s.package.as_deref() == Some(package))
            .flat_map(|s| &s.names)
            .collect();
        if listed.is_empty() && models.is_empty() {
            continue;
        }
        if !seen.contains(package) {
            problems.push(format!(
                "no `## {package}` section, and {} has {} model(s): add one after the sections of the crates before it in {CRATE_ORDER:?}",
                dir.display(),
                models.len()
            ));
        }
        for token in &listed {
            if !tests.iter().any(|t| t.is_named_by(token)) {
                problems.push(format!(
                    "## {package}: `{token}` is listed but {package} has no such #[test]; rename or remove the row"
                ));
            }
        }
        let missing: Vec<&Function> = models
            .iter()
            .filter(|m| !listed.iter().any(|t| m.is_named_by(t)))
            .collect();
        if !missing.is_empty() {
            let rows: Vec<String> = missing
                .iter()
                .map(|m| {
                    format!(
                        "| `{}` | (the property it checks; {}) |",
                        m.doc_path(),
                        m.file.display()
                    )
                })
                .collect();
            problems.push(format!(
                "## {package}: add these rows to a `| model | property |` table of the section:\n{}",
                rows.join("\n")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/verification.md is out of step with the code:\n\n{}\n",
        problems.join("\n\n")
    );
}
