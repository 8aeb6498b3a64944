//! `cargo xtask modgraph`: the module dependency check of the README's test command.
//!
//! It reads the Rust files of each crate as text (no compiler, plain std) and fails on:
//!
//! 1. **A module cycle inside a crate**: module A uses module B (a `use` line or a path
//!    such as `crate::b::f()` in code) and B, directly or through others, uses A back.
//!    Modules are files (`src/host/iframe.rs` is `host::iframe`, `src/host/mod.rs` is
//!    `host`); inline modules (`mod tests { … }`) count as part of their file. A child that
//!    reaches back into items of its parent's `mod.rs` (`super::Thing`) while the parent
//!    uses the child is a cycle too: siblings import siblings directly, and `mod.rs` is the
//!    root of its folder.
//! 2. **A component that talks to the outside** (the rule of `../shared/DESIGN.md`): a
//!    module under `src/components/` of the SPA that uses `api`, `state` or `host`.
//!
//! The crate root (`main.rs`/`lib.rs`) is left out of the graph: it declares the modules and
//! holds the generated translations (`crate::i18n`), so every module "uses" it.
//!
//! Why our own and not a crate: the tools that draw Rust module graphs (cargo-modules and
//! the like) need rust-analyzer's whole toolchain and a compiled workspace, several minutes
//! on this machine for a check that reading the `use` lines answers in milliseconds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates checked: (name shown, source folder, root file).
pub const CRATES: [(&str, &str, &str); 4] = [
    ("citizen-home", "src", "main.rs"),
    ("citizen-core", "crates/core/src", "lib.rs"),
    ("citizen-server", "crates/server/src", "lib.rs"),
    ("xtask", "xtask/src", "main.rs"),
];

/// Modules of the SPA's `src/components/` may not use these (DESIGN.md, "Who may use whom").
const COMPONENTS_MAY_NOT_USE: [&str; 3] = ["api", "state", "host"];

/// A module path from the crate root, without `crate` (`["host", "iframe"]`); the root is `[]`.
type ModPath = Vec<String>;

/// One crate's modules and the modules each of them uses.
#[derive(Debug, Default)]
pub struct Graph {
    /// Module → the modules it uses (never itself, never the root).
    pub edges: BTreeMap<ModPath, BTreeSet<ModPath>>,
}

/// Reads every `.rs` file below `dir` (the root file `root` is the crate root; a `main.rs`
/// beside a `lib.rs` and `src/bin/` are other crates and left out).
pub fn read_crate(dir: &Path, root: &str) -> Result<Graph, String> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    let mut modules: BTreeMap<ModPath, PathBuf> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(dir).map_err(|e| e.to_string())?;
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.first().is_some_and(|p| p == "bin") {
            continue;
        }
        let name = parts.pop().unwrap_or_default();
        let stem = name.trim_end_matches(".rs").to_string();
        if parts.is_empty() && (name == root || name == "main.rs" || name == "lib.rs") {
            if name == root {
                modules.insert(Vec::new(), file.clone());
            }
            continue;
        }
        if stem != "mod" {
            parts.push(stem);
        }
        modules.insert(parts, file.clone());
    }
    let known: BTreeSet<ModPath> = modules.keys().cloned().collect();
    let mut graph = Graph::default();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let uses = module_uses(module, &strip(&text), &known);
        if !module.is_empty() {
            graph.edges.insert(module.clone(), uses);
        }
    }
    Ok(graph)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

/// The text with comments removed and string and char literals emptied (so `"crate::x"`
/// or a doc link is not read as a use).
pub fn strip(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        match c[i] {
            '/' if next == Some('/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            }
            'r' if (next == Some('"') || next == Some('#'))
                && !c
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p.is_alphanumeric() || *p == '_') =>
            {
                // A raw string r"…", r#"…"#: find its closing quote and hashes.
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                j += 1;
                while j < c.len() {
                    if c[j] == '"' && (1..=hashes).all(|h| c.get(j + h) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal ('x', '\n', '\u{1F600}'), or a lifetime ('a) left as is.
                if next == Some('\\') {
                    let mut j = i + 2;
                    while j < c.len() && c[j] != '\'' {
                        j += 1;
                    }
                    out.push_str("' '");
                    i = j + 1;
                } else if c.get(i + 2) == Some(&'\'') {
                    out.push_str("' '");
                    i += 3;
                } else {
                    out.push('\'');
                    i += 1;
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// Tokens of stripped Rust text: identifiers, `::`, and single punctuation characters.
fn tokens(text: &str) -> Vec<String> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else if !ch.is_whitespace() {
            out.push(ch.to_string());
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The file modules that `module`'s text uses: every `use` tree and every path in code that
/// starts with `crate`, `super`, `self` or a child module's name, resolved from the scope it
/// stands in (inline modules included) and cut to the longest known file module.
fn module_uses(module: &ModPath, text: &str, known: &BTreeSet<ModPath>) -> BTreeSet<ModPath> {
    let toks = tokens(text);
    let mut found = BTreeSet::new();
    // Inline module scopes: (path, brace depth at which it opened).
    let mut scopes: Vec<(ModPath, usize)> = vec![(module.clone(), 0)];
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let scope = scopes.last().map(|s| s.0.clone()).unwrap_or_default();
        match toks[i].as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if scopes.len() > 1 && scopes.last().is_some_and(|s| s.1 == depth + 1) {
                    scopes.pop();
                }
            }
            "mod" if toks.get(i + 2).is_some_and(|t| t == "{") => {
                let mut path = scope.clone();
                path.push(toks[i + 1].clone());
                scopes.push((path, depth + 1));
                depth += 1;
                i += 3;
                continue;
            }
            "use" => {
                let end = (i..toks.len())
                    .find(|&j| toks[j] == ";")
                    .unwrap_or(toks.len());
                let mut paths = Vec::new();
                use_tree(&toks[i + 1..end], Vec::new(), &mut paths);
                for path in paths {
                    resolve(&scope, &path, known, &mut found);
                }
                i = end + 1;
                continue;
            }
            t if toks.get(i + 1).is_some_and(|n| n == "::") && !(i > 0 && toks[i - 1] == "::") => {
                let _ = t;
                let mut path = vec![toks[i].clone()];
                let mut j = i + 1;
                while toks.get(j).is_some_and(|n| n == "::")
                    && toks
                        .get(j + 1)
                        .is_some_and(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
                {
                    path.push(toks[j + 1].clone());
                    j += 2;
                }
                resolve(&scope, &path, known, &mut found);
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found.remove(module);
    found.remove(&Vec::new());
    found
}

/// Expands a `use` tree (`crate::{a::b, c::{self, d}}`) into its paths.
fn use_tree(toks: &[String], prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    let mut i = 0;
    while i < toks.len() {
        match toks[i].as_str() {
            "::" | "pub" | "(" | ")" => {}
            "{" => {
                // Split the group at top-level commas.
                let mut depth = 0;
                let mut start = i + 1;
                for j in i..toks.len() {
                    match toks[j].as_str() {
                        "{" => depth += 1,
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                // `{a, b,}`: nothing after the trailing comma.
                                if start < j {
                                    use_tree(&toks[start..j], path.clone(), out);
                                }
                                return;
                            }
                        }
                        "," if depth == 1 => {
                            use_tree(&toks[start..j], path.clone(), out);
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            "as" | "*" => break,
            "self" if !path.is_empty() => {}
            t => path.push(t.to_string()),
        }
        i += 1;
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// Resolves `path` as written in `scope` to a file module and adds it to `found`; a path
/// that names no module of ours (an external crate, a local item) adds nothing.
fn resolve(
    scope: &ModPath,
    path: &[String],
    known: &BTreeSet<ModPath>,
    found: &mut BTreeSet<ModPath>,
) {
    let Some(first) = path.first() else { return };
    let mut absolute: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "self" => scope.clone(),
        "super" => {
            let mut base = scope.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            let mut full = base;
            full.extend(rest.iter().cloned());
            cut(&full, known, found);
            return;
        }
        name => {
            // A relative path: a child module of the scope (or of its file module).
            let mut child = scope.clone();
            child.push(name.to_string());
            if known.contains(&child) {
                scope.clone()
            } else {
                return;
            }
        }
    };
    let skip = usize::from(matches!(first.as_str(), "crate" | "self"));
    absolute.extend(path[skip..].iter().cloned());
    cut(&absolute, known, found);
}

/// Adds the longest prefix of `full` that is a file module (the root counts as none).
fn cut(full: &[String], known: &BTreeSet<ModPath>, found: &mut BTreeSet<ModPath>) {
    for len in (1..=full.len()).rev() {
        let prefix = full[..len].to_vec();
        if known.contains(&prefix) {
            found.insert(prefix);
            return;
        }
    }
}

/// The cycles of `graph`: each strongly connected set of two or more modules, as one
/// cycle through them (`a -> b -> a`), found with Tarjan's algorithm.
pub fn cycles(graph: &Graph) -> Vec<Vec<ModPath>> {
    struct Tarjan<'g> {
        graph: &'g Graph,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        stack: Vec<ModPath>,
        on_stack: BTreeSet<ModPath>,
        sets: Vec<Vec<ModPath>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: &ModPath) {
            let n = self.index.len();
            self.index.insert(v.clone(), n);
            self.low.insert(v.clone(), n);
            self.stack.push(v.clone());
            self.on_stack.insert(v.clone());
            let next: Vec<ModPath> = self
                .graph
                .edges
                .get(v)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            for w in next {
                if !self.index.contains_key(&w) {
                    self.visit(&w);
                    let lw = self.low[&w];
                    let lv = self.low[v];
                    self.low.insert(v.clone(), lv.min(lw));
                } else if self.on_stack.contains(&w) {
                    let iw = self.index[&w];
                    let lv = self.low[v];
                    self.low.insert(v.clone(), lv.min(iw));
                }
            }
            if self.low[v] == self.index[v] {
                let mut set = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(&w);
                    let done = &w == v;
                    set.push(w);
                    if done {
                        break;
                    }
                }
                if set.len() > 1 {
                    self.sets.push(set);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        sets: Vec::new(),
    };
    for v in graph.edges.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.sets
        .into_iter()
        .map(|set| cycle_in(graph, &set.into_iter().collect()))
        .collect()
}

/// One cycle through the smallest module of a strongly connected set, by breadth-first
/// search inside the set: `[a, b, c, a]`.
fn cycle_in(graph: &Graph, set: &BTreeSet<ModPath>) -> Vec<ModPath> {
    let Some(start) = set.iter().next().cloned() else {
        return Vec::new();
    };
    let mut came_from: BTreeMap<ModPath, ModPath> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    while let Some(v) = queue.pop_front() {
        for w in graph.edges.get(&v).into_iter().flatten() {
            if !set.contains(w) {
                continue;
            }
            if *w == start {
                let mut path = vec![start.clone()];
                let mut at = v.clone();
                while at != start {
                    path.push(at.clone());
                    at = came_from[&at].clone();
                }
                path[1..].reverse();
                path.push(start.clone());
                return path;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w.clone(), v.clone());
                queue.push_back(w.clone());
            }
        }
    }
    vec![start]
}

/// Components (`components` and below) that use a module they may not.
pub fn component_violations(graph: &Graph) -> Vec<(ModPath, ModPath)> {
    let mut out = Vec::new();
    for (module, uses) in &graph.edges {
        if module.first().is_some_and(|m| m == "components") {
            for used in uses {
                if used
                    .first()
                    .is_some_and(|u| COMPONENTS_MAY_NOT_USE.contains(&u.as_str()))
                {
                    out.push((module.clone(), used.clone()));
                }
            }
        }
    }
    out
}

/// `a::b`, or `crate` for the root.
pub fn show(path: &ModPath) -> String {
    if path.is_empty() {
        "crate".into()
    } else {
        path.join("::")
    }
}

/// Checks every crate of [`CRATES`] below `root`; prints what it found and fails when any
/// cycle or forbidden use exists.
pub fn check(root: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    for (name, dir, file) in CRATES {
        let graph = read_crate(&root.join(dir), file)?;
        let edges: usize = graph.edges.values().map(BTreeSet::len).sum();
        eprintln!(
            "modgraph: {name}: {} modules, {edges} uses between them",
            graph.edges.len()
        );
        for cycle in cycles(&graph) {
            let shown: Vec<String> = cycle.iter().map(show).collect();
            problems.push(format!(
                "{name}: module cycle {} (each module uses the next; break one of these uses)",
                shown.join(" -> ")
            ));
        }
        if name == "citizen-home" {
            for (module, used) in component_violations(&graph) {
                problems.push(format!(
                    "{name}: component {} uses {} (components get data through props and report through callbacks: DESIGN.md)",
                    show(&module),
                    show(&used)
                ));
            }
        }
    }
    if problems.is_empty() {
        eprintln!("modgraph: no module cycles, no component uses api/state/host");
        Ok(())
    } else {
        for p in &problems {
            eprintln!("modgraph: {p}");
        }
        Err(format!("{} module dependency problem(s)", problems.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate in a temporary folder from (relative path, text) pairs.
    fn fixture(files: &[(&str, &str)]) -> Graph {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("modgraph-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let graph = read_crate(&dir, "main.rs").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        graph
    }

    fn names(cycles: Vec<Vec<ModPath>>) -> Vec<String> {
        cycles
            .iter()
            .map(|c| c.iter().map(show).collect::<Vec<_>>().join(" -> "))
            .collect()
    }

    #[test]
    fn a_use_line_cycle_is_found() {
        let g = fixture(&[
            ("main.rs", "mod a; mod b;"),
            ("a.rs", "use crate::b::thing;"),
            ("b.rs", "use crate::{a::{self, other}, x};"),
        ]);
        assert_eq!(names(cycles(&g)), ["a -> b -> a"]);
    }

    #[test]
    fn a_path_in_code_counts_and_three_modules_cycle() {
        let g = fixture(&[
            ("main.rs", ""),
            ("api.rs", "fn f() { crate::host::channel(); }"),
            ("host/mod.rs", "mod iframe; pub use iframe::start;"),
            ("host/iframe.rs", "fn g() { let _ = crate::api::embed(); }"),
        ]);
        assert_eq!(names(cycles(&g)), ["api -> host -> host::iframe -> api"]);
    }

    #[test]
    fn a_child_reaching_back_into_its_parent_is_a_cycle() {
        let g = fixture(&[
            ("main.rs", ""),
            (
                "host/mod.rs",
                "mod iframe; pub struct HostError; fn f() { iframe::go() }",
            ),
            ("host/iframe.rs", "use super::HostError;"),
        ]);
        assert_eq!(names(cycles(&g)), ["host -> host::iframe -> host"]);
        let fixed = fixture(&[
            ("main.rs", ""),
            (
                "host/mod.rs",
                "mod error; mod iframe; pub use error::HostError; fn f() { iframe::go() }",
            ),
            ("host/error.rs", "pub struct HostError;"),
            ("host/iframe.rs", "use super::error::HostError;"),
        ]);
        assert!(cycles(&fixed).is_empty());
        // A trailing comma in a group names nothing more (not the parent).
        let trailing = fixture(&[
            ("main.rs", ""),
            ("host/mod.rs", "mod a; mod b; mod c; pub use c::run;"),
            ("host/a.rs", ""),
            ("host/b.rs", ""),
            ("host/c.rs", "use super::{a::X, b::Y,};"),
        ]);
        assert!(cycles(&trailing).is_empty(), "{:?}", trailing.edges);
    }

    #[test]
    fn comments_strings_tests_and_the_root_do_not_count() {
        let g = fixture(&[
            ("main.rs", "mod a; mod b; pub use t::i18n;"),
            (
                "a.rs",
                "//! See [`crate::b`].\nuse crate::i18n::t;\nconst S: &str = \"crate::b::x\";\nconst R: &str = r#\"super::b\"#;\nfn f() {}\n#[cfg(test)]\nmod tests { use super::*; }",
            ),
            ("b.rs", "/* crate::a::f */ use crate::a::f; const C: char = '\"';"),
        ]);
        assert!(cycles(&g).is_empty(), "{:?}", g.edges);
        assert_eq!(g.edges[&vec!["b".to_string()]].len(), 1);
        assert!(g.edges[&vec!["a".to_string()]].is_empty());
    }

    #[test]
    fn components_may_not_use_api_state_or_host() {
        let g = fixture(&[
            ("main.rs", ""),
            ("api.rs", ""),
            ("state/mod.rs", "pub mod storage;"),
            ("state/storage.rs", ""),
            ("components/mod.rs", "pub mod field;"),
            (
                "components/field.rs",
                "use crate::state::storage::get; use crate::api;",
            ),
        ]);
        let found: Vec<String> = component_violations(&g)
            .iter()
            .map(|(m, u)| format!("{} {}", show(m), show(u)))
            .collect();
        assert_eq!(
            found,
            ["components::field api", "components::field state::storage"]
        );
    }
}
