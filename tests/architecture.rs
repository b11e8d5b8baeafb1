//! The layering of `src/` (ARCHITECTURE.md), read from the code: no module uses a layer above
//! its own, and the modules of one layer use each other without a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first; the crate root's own files (`lib`, `main`, `cli`, `progress`) are
/// on top of them all.
const LAYERS: [&str; 5] = ["base", "stages", "io", "release", "pipeline"];
const TOP: usize = LAYERS.len();

/// A unit of the layering: a layer and its module (`stages/langid`), or a root file (`cli`).
type Unit = String;

fn rank(unit: &str) -> usize {
    let layer = unit.split('/').next().unwrap_or(unit);
    LAYERS.iter().position(|l| *l == layer).unwrap_or(TOP)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The unit a source file belongs to, from its path below `src/`.
fn unit_of(rel: &Path) -> Unit {
    let parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [layer, module, ..] if LAYERS.contains(&layer.as_str()) && module != "mod" => {
            format!("{layer}/{module}")
        }
        [layer, ..] if LAYERS.contains(&layer.as_str()) => format!("{layer}/mod"),
        [file, ..] => file.clone(),
        [] => String::new(),
    }
}

/// The units a file's text names in `crate::` paths.
fn uses(text: &str) -> BTreeSet<Unit> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let path: Vec<&str> = text[at + "crate::".len()..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .collect();
        match path.as_slice() {
            [layer, module, ..] if LAYERS.contains(layer) && !module.is_empty() => {
                // A layer's own items (`crate::pipeline::BuildOptions`) are its `mod` unit.
                let is_module = module.chars().next().is_some_and(char::is_lowercase);
                let name = if is_module { *module } else { "mod" };
                out.insert(format!("{layer}/{name}"));
            }
            [layer, ..] if LAYERS.contains(layer) => {
                out.insert(format!("{layer}/mod"));
            }
            [root, ..] if matches!(*root, "cli" | "progress") => {
                out.insert(root.to_string());
            }
            _ => {}
        }
    }
    out
}

fn graph() -> BTreeMap<Unit, BTreeSet<Unit>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<Unit, BTreeSet<Unit>> = BTreeMap::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let rel = file.strip_prefix(&src).unwrap_or(&file);
        let unit = unit_of(rel);
        let used = graph.entry(unit.clone()).or_default();
        used.extend(uses(&text).into_iter().filter(|u| *u != unit));
    }
    graph
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let mut upward = Vec::new();
    for (unit, used) in graph() {
        for u in used {
            if rank(&u) > rank(&unit) {
                upward.push(format!("{unit} uses {u}"));
            }
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
}

#[test]
fn modules_use_each_other_without_a_cycle() {
    let graph = graph();
    // Depth-first search; a unit met again while still on the path closes a cycle.
    fn visit<'a>(
        unit: &'a str,
        graph: &'a BTreeMap<Unit, BTreeSet<Unit>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|u| *u == unit) {
            let mut cycle: Vec<String> = path[at..].iter().map(|u| u.to_string()).collect();
            cycle.push(unit.to_string());
            return Some(cycle);
        }
        if done.contains(unit) {
            return None;
        }
        path.push(unit);
        for next in graph.get(unit).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(unit);
        None
    }
    let mut done = BTreeSet::new();
    for unit in graph.keys() {
        if let Some(cycle) = visit(unit, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_layering_check_sees_what_it_guards() {
    // The parser this test relies on, on the forms the code uses.
    let text = "use crate::base::error::{Error, Result};\n\
                let x = crate::pipeline::BuildOptions::default();\n\
                crate::stages::langid::LangId::new()";
    let found: Vec<String> = uses(text).into_iter().collect();
    assert_eq!(found, ["base/error", "pipeline/mod", "stages/langid"]);
    assert!(rank("pipeline/mod") > rank("release/output"));
    assert_eq!(
        unit_of(Path::new("stages/langid/fasttext.rs")),
        "stages/langid"
    );
    assert_eq!(unit_of(Path::new("pipeline/mod.rs")), "pipeline/mod");
    assert_eq!(rank("cli"), TOP);
}
